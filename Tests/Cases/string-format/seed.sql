SET NAMES utf8mb4;
SET time_zone = '+00:00';
INSERT INTO teams (id, name) VALUES (1, 'Core'), (2, 'R&D 100%');
-- 1: every placeholder set. 2: NULL email, no team (NULL placeholders -> NULL values).
-- 3: unicode email, a team name with '&' and '%' (literal text, not a pattern).
INSERT INTO users (id, email, team_id) VALUES (1, 'a@x.io', 1), (2, NULL, NULL), (3, 'zoë@x.io', 2);
