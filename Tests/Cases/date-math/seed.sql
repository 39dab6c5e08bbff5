SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- 1: Jan 31 in a leap year (+1 month clamps to Feb 29); ends one second short of 30 days.
-- 2: the epoch itself (epoch 0; -1 day crosses into 1969); NULL end (diff NULL).
-- 3: ends two days *before* it starts (negative diff). 4: one second before a new year (diff 0).
INSERT INTO events (id, starts_at, ends_at) VALUES
  (1, '2024-01-31 10:00:00', '2024-03-01 09:59:59'),
  (2, '1970-01-01 00:00:00', NULL),
  (3, '2024-03-10 12:00:00', '2024-03-08 12:00:00'),
  (4, '2023-12-31 23:59:59', '2024-01-01 00:00:00');
