-- Source of the validation contract: customers (one without a code, two sharing one) and their
-- orders, which are the only items in the GSI (sparse: customers carry no GSI key).
CREATE TABLE customers (
  id     INT           NOT NULL PRIMARY KEY,
  code   VARCHAR(10)   NULL     COMMENT 'the table key: NULL is a missing key, duplicates collide',
  name   VARCHAR(60)   NOT NULL,
  email  VARCHAR(100)  NULL,
  credit DECIMAL(10,2) NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE orders (
  id            INT           NOT NULL PRIMARY KEY,
  customer_code VARCHAR(10)   NOT NULL,
  total         DECIMAL(10,2) NOT NULL,
  placed_at     DATETIME      NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
