SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- 1: true; bytes 00 FF 27 ('), 5C (\): NUL, a non-UTF-8 byte, a quote and a backslash.
-- 2: false; empty bytes (a value, not NULL). 3: NULLs. 4: TINYINT 2 and 5: -1 (non-zero is true).
INSERT INTO flags (id, active, payload) VALUES
  (1, 1, X'00FF275C'), (2, 0, X''), (3, NULL, NULL), (4, 2, X'41'), (5, -1, X'F09F9982');
