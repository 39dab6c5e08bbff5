-- foreign-key case: orders reference customers (no FK constraint, so a dangling id can be seeded).
CREATE TABLE customers (
  id   INT          NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE orders (
  id          INT NOT NULL PRIMARY KEY,
  customer_id INT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
