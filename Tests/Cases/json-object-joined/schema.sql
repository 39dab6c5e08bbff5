-- json-object-joined case: orders embed a summary of their customer.
CREATE TABLE customers (
  id   INT          NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  tier VARCHAR(20)  NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE orders (
  id          INT NOT NULL PRIMARY KEY,
  customer_id INT NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
