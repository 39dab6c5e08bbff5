SET NAMES utf8mb4;
SET time_zone = '+00:00';
INSERT INTO customers (id) VALUES (1), (2), (3), (4);
-- 1: 10.00, 20.50 and a NULL amount (ignored by every aggregate). 2: one negative amount.
-- 3: no payments (every aggregate NULL). 4: only a NULL amount (every aggregate NULL too).
INSERT INTO payments (id, customer_id, amount) VALUES
  (1, 1, 10.00), (2, 1, 20.50), (3, 1, NULL), (4, 2, -5.00), (5, 4, NULL);
