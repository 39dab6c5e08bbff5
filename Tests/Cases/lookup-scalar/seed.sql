SET NAMES utf8mb4;
SET time_zone = '+00:00';
INSERT INTO countries (code, name) VALUES ('FR', 'France'), ('SE', 'Sverige'), ('CI', 'Côte d''Ivoire');
-- 1: exact code. 2: NULL code. 3: unknown code. 4: lower-case code (the ci collation matches SE).
-- 5: a name with a quote and an accent.
INSERT INTO users (id, country_code) VALUES (1, 'FR'), (2, NULL), (3, 'XX'), (4, 'se'), (5, 'CI');
