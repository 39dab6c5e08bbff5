-- case case: products with an optional price.
CREATE TABLE products (
  id    INT           NOT NULL PRIMARY KEY,
  price DECIMAL(10,2) NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
