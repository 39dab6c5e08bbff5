SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- Ada <- Ben, Cy; Ben <- Di. Cy and Di have no reports (COUNT 0, MIN NULL).
INSERT INTO staff (id, name, manager_id) VALUES
  (1, 'Ada', NULL), (2, 'Ben', 1), (3, 'Cy', 1), (4, 'Di', 2);
