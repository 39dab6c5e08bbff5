SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- Default sql_mode: '\\' is one backslash, '' is one quote.
INSERT INTO `ref``t` (id, `back\slash`) VALUES (1, 'R\\1 ''q'''), (2, '`x`');
-- 1: quote, backquotes, double quotes; a 4-byte emoji; a partner with a backslash and quotes.
-- 2: a backslash; NULL note (format NULL); empty naïve; no partner (conditional's plain else string).
-- 3: LIKE/format metacharacters (% and _) in the data; a partner named with backquotes.
INSERT INTO `odd``tab` (id, `it's "col"`, `naïve`, note, `ref id`) VALUES
  (1, 'it''s `tick` "dq"', 'ü', 'zoë 🙂', 1),
  (2, 'back\\slash', '', NULL, NULL),
  (3, '%_ LIKE chars', NULL, '50%', 2);
