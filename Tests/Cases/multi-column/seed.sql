SET NAMES utf8mb4;
SET time_zone = '+00:00';
INSERT INTO products (id, name) VALUES (1, 'Pen'), (2, 'Ink'), (3, 'Free sample');
-- 1: EUR and USD (the literal picks EUR). 2: only USD (no match). 3: EUR 0.00 (zero is a value, not NULL).
INSERT INTO prices (product_id, currency, amount) VALUES
  (1, 'EUR', 10.50), (1, 'USD', 12.00), (2, 'USD', 3.00), (3, 'EUR', 0.00);
