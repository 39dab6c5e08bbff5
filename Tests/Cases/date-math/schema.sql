-- date-math case: events with a start and an optional end (UTC wall-clock DATETIMEs).
CREATE TABLE events (
  id        INT      NOT NULL PRIMARY KEY,
  starts_at DATETIME NOT NULL,
  ends_at   DATETIME NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
