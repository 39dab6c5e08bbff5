-- static-and-template case: users (older contracts' constant and template transformations).
CREATE TABLE users (
  id   INT          NOT NULL PRIMARY KEY,
  name VARCHAR(100) NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
