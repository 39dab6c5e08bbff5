SET NAMES utf8mb4;
SET time_zone = '+00:00';
INSERT INTO posts (id) VALUES (1), (2), (3);
-- Post 1: Ann twice (one list element), Bo. Post 2: no comments. Post 3: unicode and a quote.
INSERT INTO comments (id, post_id, commenter) VALUES
  (1, 1, 'Ann'), (2, 1, 'Bo'), (3, 1, 'Ann'), (4, 3, 'Zoë'), (5, 3, 'O''Neil');
