SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- 1: top of the tree (NULL manager). 2 <- 1, 3 <- 2. 4: dangling manager 99.
INSERT INTO employees (id, name, manager_id) VALUES
  (1, 'Ada', NULL),
  (2, 'Ben O''Hara', 1),
  (3, 'Cy', 2),
  (4, 'Di', 99);
