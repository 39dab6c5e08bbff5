SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- 1: every member. 2: NULL age and score (null members; the object is still there).
-- 3: quotes, a backslash and unicode in a string member; a negative DECIMAL.
INSERT INTO users (id, name, age, score) VALUES
  (1, 'Ann', 30, 1.50),
  (2, 'Bo', NULL, NULL),
  (3, 'Zoë "Z" O''Neil \\ x', 0, -2.25);
