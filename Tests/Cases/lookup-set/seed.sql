SET NAMES utf8mb4;
SET time_zone = '+00:00';
INSERT INTO posts (id, title) VALUES (1, 'First'), (2, 'Empty'), (3, 'Odd');
-- Post 1: 'news' twice (one set member), unicode 'café'; scores 5, 3, 5 (distinct: 3, 5).
-- Post 2: no tags, no scores. Post 3: a tag with quotes and a backslash, a NULL tag (no set member); scores 0 and -2.
INSERT INTO post_tags (id, post_id, tag) VALUES
  (1, 1, 'news'), (2, 1, 'café'), (3, 1, 'news'),
  (4, 3, 'it''s "odd" \\ yes'), (5, 3, NULL);
INSERT INTO scores (id, post_id, score) VALUES (1, 1, 5), (2, 1, 3), (3, 1, 5), (4, 3, 0), (5, 3, -2);
