-- aggregate-sum-avg-min-max case: customers and the amounts of their payments.
CREATE TABLE customers (
  id INT NOT NULL PRIMARY KEY
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE payments (
  id          INT           NOT NULL PRIMARY KEY,
  customer_id INT           NOT NULL,
  amount      DECIMAL(10,2) NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
