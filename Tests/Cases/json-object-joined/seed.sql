SET NAMES utf8mb4;
SET time_zone = '+00:00';
INSERT INTO customers (id, name, tier) VALUES (1, 'Ann', 'gold'), (2, 'Bø "B"', NULL);
-- 1, 2: both customer 1 (N:1, no fan-out). 3: customer 2, NULL tier, unicode and quotes.
INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 1), (3, 2);
