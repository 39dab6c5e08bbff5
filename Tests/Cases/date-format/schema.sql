-- date-format case: one instant stored three ways (DATETIME, epoch seconds, epoch milliseconds).
CREATE TABLE events (
  id       INT      NOT NULL PRIMARY KEY,
  at       DATETIME NULL,
  at_epoch BIGINT   NULL,
  at_ms    BIGINT   NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
