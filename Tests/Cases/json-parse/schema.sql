-- json-parse case: documents holding JSON text (an object and a list).
CREATE TABLE docs (
  id    INT  NOT NULL PRIMARY KEY,
  meta  TEXT NULL,
  items TEXT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
