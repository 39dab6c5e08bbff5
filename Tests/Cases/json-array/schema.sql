-- json-array case: orders embed their items, newest position first, at most two.
CREATE TABLE orders (
  id INT NOT NULL PRIMARY KEY
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE order_items (
  id       INT          NOT NULL PRIMARY KEY,
  order_id INT          NOT NULL,
  pos      INT          NOT NULL,
  sku      VARCHAR(50)  NOT NULL,
  qty      INT          NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
