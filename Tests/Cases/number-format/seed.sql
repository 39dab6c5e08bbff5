SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- 1: thousands (no grouping separator), one decimal. 2: zero. 3: negative. 4: NULLs.
-- 5: a position wider than the pattern (never truncated).
INSERT INTO parcels (id, weight, position) VALUES
  (1, 1234.50, 42), (2, 0.00, 0), (3, -3.25, -7), (4, NULL, NULL), (5, 1000000.00, 123456789);
