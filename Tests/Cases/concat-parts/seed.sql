SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- 1: every part. 2: NULL first name (skipped; the literals around it stay). 3: quote and unicode.
INSERT INTO people (id, first_name, last_name) VALUES
  (1, 'John', 'Tolkien'), (2, NULL, 'Homer'), (3, 'Zoë', 'O''Brien');
