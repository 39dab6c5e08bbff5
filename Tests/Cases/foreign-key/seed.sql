SET NAMES utf8mb4;
SET time_zone = '+00:00';
INSERT INTO customers (id, name) VALUES (1, 'Ann'), (2, 'Bo''s "Shop"'), (3, 'Zoë');
-- 1, 2: a partner each (2 shares customer 1). 3: NULL customer_id. 4: dangling id 99. 5: unicode partner.
INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 1), (3, NULL), (4, 99), (5, 3);
