SET NAMES utf8mb4;
SET time_zone = '+00:00';
INSERT INTO countries (id, name) VALUES (1, 'France'), (2, 'Schweiz');
INSERT INTO cities (id, name, country_id) VALUES (1, 'Lyon', 1), (2, 'Atlantis', NULL), (3, 'Zürich', 2);
-- 1: both hops match. 2: the second hop is NULL. 3: unicode on the first hop.
INSERT INTO stores (id, city_id) VALUES (1, 1), (2, 2), (3, 3);
