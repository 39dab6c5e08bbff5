SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- 1: a name. 2: NULL name (the template's value is NULL; the static value is not).
-- 3: braces and a quote in the data (data, not placeholders).
INSERT INTO users (id, name) VALUES (1, 'Ann'), (2, NULL), (3, '{id} O''Neil');
