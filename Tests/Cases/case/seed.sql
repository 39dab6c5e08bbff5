SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- 1: below the bound. 2: exactly the bound (not < 10). 3: NULL price (first branch). 4: above.
INSERT INTO products (id, price) VALUES (1, 9.99), (2, 10.00), (3, NULL), (4, 120.00);
