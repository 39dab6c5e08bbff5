SET NAMES utf8mb4;
SET time_zone = '+00:00';
INSERT INTO categories (id, name) VALUES (1, 'Books');
-- 1: category 1 (condition true, partner found). 2: no category, legacy label.
-- 3: no category, no label. 4: category 99 (condition true, no partner).
INSERT INTO products (id, category_id, legacy_label) VALUES
  (1, 1, 'old'), (2, NULL, 'Misc'), (3, NULL, NULL), (4, 99, 'orphan');
