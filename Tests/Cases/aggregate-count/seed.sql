SET NAMES utf8mb4;
SET time_zone = '+00:00';
INSERT INTO authors (id, name) VALUES (1, 'Ann'), (2, 'Bo'), (3, 'Cy');
-- Author 1: three books, one without an ISBN. Author 2: one book without an ISBN. Author 3: none.
INSERT INTO books (id, author_id, isbn) VALUES
  (1, 1, '978-0'), (2, 1, NULL), (3, 1, '978-1'), (4, 2, NULL);
