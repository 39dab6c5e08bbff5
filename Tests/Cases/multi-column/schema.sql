-- multi-column case: prices keyed by (product_id, currency).
CREATE TABLE products (
  id   INT          NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE prices (
  product_id INT           NOT NULL,
  currency   CHAR(3)       NOT NULL,
  amount     DECIMAL(10,2) NOT NULL,
  PRIMARY KEY (product_id, currency)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
