-- bool-and-binary case: a TINYINT(1) flag and a VARBINARY payload.
CREATE TABLE flags (
  id      INT           NOT NULL PRIMARY KEY,
  active  TINYINT(1)    NULL,
  payload VARBINARY(16) NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
