SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- Users: 2 has a NULL email. Orders: 10 and 11 belong to user 1 (two items under one PK),
-- 12 to user 2 with a NULL total.
INSERT INTO users (id, name, email) VALUES (1, 'Ann', 'a@x.io'), (2, 'Bø', NULL);
INSERT INTO orders (id, user_id, total) VALUES (10, 1, 9.99), (11, 1, 100.00), (12, 2, NULL);
