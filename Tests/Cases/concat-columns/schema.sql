-- concat-columns case: name parts in three columns.
CREATE TABLE people (
  id          INT          NOT NULL PRIMARY KEY,
  first_name  VARCHAR(100) NULL,
  middle_name VARCHAR(100) NULL,
  last_name   VARCHAR(100) NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
