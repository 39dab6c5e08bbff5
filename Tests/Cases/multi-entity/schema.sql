-- multi-entity case: users and their orders in one table.
CREATE TABLE users (
  id    INT          NOT NULL PRIMARY KEY,
  name  VARCHAR(100) NOT NULL,
  email VARCHAR(100) NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE orders (
  id      INT           NOT NULL PRIMARY KEY,
  user_id INT           NOT NULL,
  total   DECIMAL(10,2) NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
