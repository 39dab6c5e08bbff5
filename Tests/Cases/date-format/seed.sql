SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- 1: leap day, single-digit hour/minute/second parts; epoch 0; milliseconds .123 (dropped).
-- 2: all NULL. 3: last second of 1999; epoch 951782400 = 2000-02-29; 999 ms (still 1970-01-01T00:00:00Z).
INSERT INTO events (id, at, at_epoch, at_ms) VALUES
  (1, '2024-02-29 03:05:09', 0, 1700000000123),
  (2, NULL, NULL, NULL),
  (3, '1999-12-31 23:59:59', 951782400, 999);
