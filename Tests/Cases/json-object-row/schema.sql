-- json-object-row case: a JSON object built from the row's own columns.
CREATE TABLE users (
  id    INT          NOT NULL PRIMARY KEY,
  name  VARCHAR(100) NOT NULL,
  age   INT          NULL,
  score DECIMAL(5,2) NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
