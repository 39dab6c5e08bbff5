SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- 1: all parts. 2: NULL middle. 3: NULL first and middle. 4: empty middle (a value, not NULL).
INSERT INTO people (id, first_name, middle_name, last_name) VALUES
  (1, 'John', 'Ronald Reuel', 'Tolkien'),
  (2, 'Flann', NULL, 'O''Brien'),
  (3, NULL, NULL, 'Homer'),
  (4, 'Åsa', '', 'Lind');
