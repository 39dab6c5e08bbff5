-- The shop (contracts/modernizer/schema.sql) at scale, for `make bench`.
--
--   categories       2,000  a tree 3 levels deep: 20 roots, 180 children, 1,800 grandchildren
--   users          100,000  every 7th without first_name, every 10th a seller
--   products        20,000  in leaf categories, sold by sellers, every 5th without description
--   shopping_carts 100,000  50,000 users with two carts each, (user_id, product_id) unique
--   orders         250,000  every 10th (id ending in 0) has no items
--   order_items  1,000,000  4 or 5 items for each of the 225,000 other orders
--
-- Set-based and deterministic: every value is arithmetic on the row number of MariaDB's
-- Sequence engine (seq_1_to_N), no RAND(), so two runs seed byte-identical tables. Run it on an
-- empty database that already has the schema; keys and FKs are checked once at the end by the
-- FK indexes, not row by row (foreign_key_checks/unique_checks off while loading).
SET SESSION time_zone = '+00:00';
SET SESSION foreign_key_checks = 0;
SET SESSION unique_checks = 0;

-- Roots 1..20; level 1: 21..200 (9 per root); level 2: 201..2000 (10 per level-1 node).
INSERT INTO categories (id, name, parent_id, created_at)
SELECT seq,
       CONCAT(CASE WHEN seq <= 20 THEN 'Department ' WHEN seq <= 200 THEN 'Aisle ' ELSE 'Shelf ' END, seq),
       CASE WHEN seq <= 20 THEN NULL
            WHEN seq <= 200 THEN (seq - 21) DIV 9 + 1
            ELSE (seq - 201) DIV 10 + 21 END,
       TIMESTAMP'2022-01-01 00:00:00' + INTERVAL seq MINUTE
FROM seq_1_to_2000;

INSERT INTO users (id, username, email, password_hash, first_name, last_name, is_seller, super_admin,
                   created_at, updated_at)
SELECT seq,
       CONCAT('user', seq),
       CONCAT('user', seq, '@example.com'),
       SHA2(CONCAT('pw', seq), 256),
       CASE WHEN seq % 7 = 0 THEN NULL ELSE CONCAT('First', seq % 997) END,
       CONCAT('Last', seq % 1009),
       seq % 10 = 0,
       seq % 5000 = 0,
       TIMESTAMP'2022-06-01 00:00:00' + INTERVAL seq * 37 SECOND,
       TIMESTAMP'2022-06-01 00:00:00' + INTERVAL seq * 37 + seq % 86400 SECOND
FROM seq_1_to_100000;

-- Sellers are the users with id divisible by 10; categories are the 1,800 leaves (201..2000).
INSERT INTO products (id, seller_id, category_id, name, description, price, inventory_quantity, image_url,
                      created_at, updated_at)
SELECT seq,
       (seq * 7 % 10000 + 1) * 10,
       201 + seq * 13 % 1800,
       CONCAT('Product ', seq, ' ', ELT(seq % 4 + 1, 'Basic', 'Plus', 'Pro', 'Max')),
       CASE WHEN seq % 5 = 0 THEN NULL ELSE CONCAT('Description of product ', seq, ': ', REPEAT('lorem ipsum ', 1 + seq % 8)) END,
       (seq * 7919 % 50000) / 100 + 1,
       seq * 31 % 500,
       CASE WHEN seq % 3 = 0 THEN NULL ELSE CONCAT('https://img.example.com/p/', seq, '.png') END,
       TIMESTAMP'2023-01-01 00:00:00' + INTERVAL seq * 600 SECOND,
       TIMESTAMP'2023-01-01 00:00:00' + INTERVAL seq * 600 + seq % 3600 SECOND
FROM seq_1_to_20000;

-- Cart n (0-based) belongs to user n % 50000 + 1; carts n and n + 50000 of one user hold
-- products 10,000 apart, so (user_id, product_id) stays unique.
INSERT INTO shopping_carts (id, user_id, product_id, quantity, created_at, updated_at)
SELECT seq,
       (seq - 1) % 50000 + 1,
       (seq - 1) * 131 % 20000 + 1,
       1 + seq % 4,
       TIMESTAMP'2024-01-01 00:00:00' + INTERVAL seq * 11 SECOND,
       TIMESTAMP'2024-01-01 00:00:00' + INTERVAL seq * 11 + seq % 7200 SECOND
FROM seq_1_to_100000;

INSERT INTO orders (id, user_id, total_amount, status, created_at, updated_at)
SELECT seq,
       seq * 17 % 100000 + 1,
       CASE WHEN seq % 10 = 0 THEN 0 ELSE (seq * 104729 % 500000) / 100 + 5 END,
       ELT(seq % 3 + 1, 'pending', 'completed', 'cancelled'),
       TIMESTAMP'2023-06-01 00:00:00' + INTERVAL seq * 97 SECOND,
       TIMESTAMP'2023-06-01 00:00:00' + INTERVAL seq * 97 + seq % 86400 SECOND
FROM seq_1_to_250000;

-- Item n (0-based) goes to the (n % 225000)-th order whose id does not end in 0:
-- k -> (k DIV 9) * 10 + k % 9 + 1. Items of one order are 225,000 ids apart, as when many
-- customers check out at once.
INSERT INTO order_items (id, order_id, product_id, quantity, price_at_time)
SELECT seq,
       ((seq - 1) % 225000) DIV 9 * 10 + (seq - 1) % 225000 % 9 + 1,
       seq * 37 % 20000 + 1,
       1 + seq % 5,
       (seq * 7919 % 50000) / 100 + 1
FROM seq_1_to_1000000;

SET SESSION foreign_key_checks = 1;
SET SESSION unique_checks = 1;
ANALYZE TABLE categories, users, products, shopping_carts, orders, order_items;
