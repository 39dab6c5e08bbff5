SET NAMES utf8mb4;
SET time_zone = '+00:00';
INSERT INTO orders (id) VALUES (1), (2), (3);
-- Order 1: three items inserted out of order (limit 2 keeps pos 3 and 2, DESC).
-- Order 2: one item with a NULL qty and a quote in the sku. Order 3: no items -> [].
INSERT INTO order_items (id, order_id, pos, sku, qty) VALUES
  (1, 1, 2, 'B-2', 1), (2, 1, 3, 'C-3', 5), (3, 1, 1, 'A-1', 2),
  (4, 2, 1, 'it''s', NULL);
