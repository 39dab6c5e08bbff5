-- filter case: posts with a status and a soft-delete timestamp.
CREATE TABLE posts (
  id         INT         NOT NULL PRIMARY KEY,
  status     VARCHAR(20) NULL,
  deleted_at DATETIME    NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
