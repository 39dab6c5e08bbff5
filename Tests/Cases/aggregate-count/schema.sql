-- aggregate-count case: authors and their books (isbn optional).
CREATE TABLE authors (
  id   INT          NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE books (
  id        INT         NOT NULL PRIMARY KEY,
  author_id INT         NOT NULL,
  isbn      VARCHAR(20) NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
