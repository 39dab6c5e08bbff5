-- Seed data for the modernizer shop: small, and chosen so that every defect fixed in
-- contract.json shows in the expected rows (see README.md, "Seed").
-- TIMESTAMP columns are stored as UTC; the session zone is UTC so the literals below are the
-- UTC wall-clock values the views must render.
SET NAMES utf8mb4;
SET time_zone = '+00:00';

INSERT INTO users (id, username, email, password_hash, first_name, last_name, is_seller, super_admin, created_at, updated_at) VALUES
  (1, 'alice', 'alice@example.com', '$2b$12$aliceHash', 'Alice', 'Smith', TRUE,  FALSE, '2024-01-01 09:00:00', '2024-01-05 10:00:00'),
  (2, 'bob',   'bob@example.com',   '$2b$12$bobHash',   NULL,    'Jones', FALSE, FALSE, '2024-01-02 10:30:00', '2024-01-02 10:30:00'),
  (3, 'carol', 'carol@example.com', '$2b$12$carolHash', 'Carol', 'O''Neil', TRUE, TRUE, '2024-01-03 11:45:15', '2024-02-01 00:00:00');

-- Tree: Electronics (root) -> Computers -> {Laptops, Desktops}; Desktops -> Workstations;
-- Books is a second root with no children.
INSERT INTO categories (id, name, parent_id, created_at) VALUES
  (1, 'Electronics',  NULL, '2023-12-01 00:00:00'),
  (2, 'Computers',    1,    '2023-12-01 00:01:00'),
  (3, 'Laptops',      2,    '2023-12-01 00:02:00'),
  (4, 'Desktops',     2,    '2023-12-01 00:03:00'),
  (5, 'Books',        NULL, '2023-12-01 00:04:00'),
  (6, 'Workstations', 4,    '2023-12-01 00:05:00');

INSERT INTO products (id, seller_id, category_id, name, description, price, inventory_quantity, image_url, created_at, updated_at) VALUES
  (1, 1, 3, 'Laptop Pro 14',      'Fast laptop',        1299.00, 5,  'https://img.example.com/1.png', '2024-01-10 08:00:00', '2024-01-11 08:00:00'),
  (2, 3, 3, 'Laptop Air 13',      NULL,                  999.50, 0,  NULL,                            '2024-01-10 09:00:00', '2024-01-10 09:00:00'),
  (3, 1, 5, 'Database Internals', 'A book about B-trees', 45.90, 12, NULL,                            '2024-01-12 12:00:00', '2024-01-12 12:00:00');

INSERT INTO shopping_carts (id, user_id, product_id, quantity, created_at, updated_at) VALUES
  (1, 2, 1, 1, '2024-02-01 10:00:00', '2024-02-01 10:00:00'),
  (2, 2, 3, 2, '2024-02-01 10:05:00', '2024-02-02 09:00:00'),
  (3, 1, 2, 1, '2024-02-03 18:20:00', '2024-02-03 18:20:00');

INSERT INTO orders (id, user_id, total_amount, status, created_at, updated_at) VALUES
  (1, 2, 1344.90, 'completed', '2024-03-01 10:00:00', '2024-03-02 10:00:00'),
  (2, 2,    0.00, 'pending',   '2024-03-05 12:00:00', '2024-03-05 12:00:00'),
  (3, 3,   91.80, 'completed', '2024-03-06 15:30:00', '2024-03-07 08:00:00');

-- Order 2 has no items: its order_items attribute must be [] (not NULL, not absent).
INSERT INTO order_items (id, order_id, product_id, quantity, price_at_time) VALUES
  (1, 1, 1, 1, 1299.00),
  (2, 1, 3, 1,   45.90),
  (3, 3, 3, 2,   45.90);
