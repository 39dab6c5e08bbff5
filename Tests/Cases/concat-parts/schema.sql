-- concat-parts case: people with optional first names.
CREATE TABLE people (
  id         INT          NOT NULL PRIMARY KEY,
  first_name VARCHAR(100) NULL,
  last_name  VARCHAR(100) NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
