-- conditional case: products with an optional category and a legacy label.
CREATE TABLE categories (
  id   INT          NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE products (
  id           INT          NOT NULL PRIMARY KEY,
  category_id  INT          NULL,
  legacy_label VARCHAR(100) NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
