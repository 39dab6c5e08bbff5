-- Seed data for the coverage contract. Every row is here for an edge case; README.md lists them.
-- Loads with the default sql_mode (backslash escapes on: '\\' is one backslash).
SET NAMES utf8mb4;
SET time_zone = '+00:00';

INSERT INTO countries (code, name) VALUES
  ('GB', 'United Kingdom'),
  ('IE', 'Ireland'),
  ('SE', 'Sweden'),
  ('FR', 'France');

-- 1: every name part present. 2: NULL middle name, quote in the name, double quotes in bio.
-- 3: unicode, no books at all. 4: NULL first name, NULL country (sparse GSI1PK), empty JSON list.
INSERT INTO authors (id, first_name, middle_name, last_name, country_code, born_year, bio, pen_names) VALUES
  (1, 'John',  'Ronald Reuel', 'Tolkien', 'GB', 1892, 'Philologist and author.',        '["J.R.R.T."]'),
  (2, 'Flann', NULL,           'O''Brien', 'IE', 1911, 'Wrote "The Third Policeman".', '["Myles na gCopaleen", "Brian O''Nolan"]'),
  (3, 'Zoë',   NULL,           'Ågren',   'SE', NULL, NULL,                             NULL),
  (4, NULL,    NULL,           'Homer',   NULL, NULL, 'Ancient poet.',                  '[]');

INSERT INTO series (id, name, author_id) VALUES
  (1, 'The Lord of the Rings', 1);

-- 5 is soft-deleted: it must appear in no view and in no aggregate that filters deleted books.
INSERT INTO books (id, title, author_id, series_id, series_position, isbn, pages, shipping_weight,
                   published_at, added_epoch, last_opened_ms, metadata, cover, is_available,
                   deleted_at, version, updated_at) VALUES
  (1, 'The Fellowship of the Ring', 1, 1,    1,    '9780261103573', 423, 1234.5,
      '1954-07-29 00:00:00', 1700000000, 1700000000123,
      '{"language": "en", "awards": ["International Fantasy Award"]}', X'89504E47', TRUE,
      NULL, 3, '2024-05-01 12:30:00'),
  (2, 'The Two Towers',             1, 1,    2,    '9780261102361', 352, 350.0,
      '1954-11-11 00:00:00', 1700086400, NULL, NULL, NULL, FALSE,
      NULL, 1, '2024-05-02 08:00:00'),
  (3, 'The Third Policeman',        2, NULL, NULL, NULL,            200, 99.9,
      '1967-01-01 00:00:00', 1704067200, 1709251200000,
      '{"language": "en", "posthumous": true}', X'00FF', TRUE,
      NULL, 2, '2024-06-15 18:45:30'),
  (4, 'The Odyssey',                4, NULL, NULL, '9780140268867', 541, 400.0,
      '1996-11-01 00:00:00', 0, NULL, NULL, NULL, TRUE,
      NULL, 1, '2024-01-01 00:00:00'),
  (5, 'Withdrawn \\ back\\slash edition', 2, NULL, NULL, '9999999999999', 10, 5.0,
      '2000-01-01 00:00:00', 946684800, NULL, NULL, NULL, FALSE,
      '2024-02-02 00:00:00', 4, '2024-02-02 00:00:00');

-- Book 4 has only a USD price (no EUR row), book 1 has both.
INSERT INTO book_prices (book_id, currency, amount) VALUES
  (1, 'EUR', 10.50),
  (1, 'USD', 12.00),
  (2, 'EUR',  9.99),
  (3, 'EUR', 25.00),
  (4, 'USD', 15.00),
  (5, 'EUR',  5.00);

-- Book 4 has no tags.
INSERT INTO book_tags (book_id, tag) VALUES
  (1, 'fantasy'),
  (1, 'classic'),
  (2, 'fantasy'),
  (3, 'comic'),
  (3, 'classic'),
  (5, 'withdrawn');

-- Book 1: three reviews, the same reviewer twice with the same rating (distinct values),
-- a body with a backslash and double quotes. Book 3: NULL body. Book 4: no reviews.
INSERT INTO reviews (id, book_id, reviewer, rating, body, is_verified, created_at) VALUES
  (1, 1, 'Zoë',     5, 'Loved it',                             TRUE,  '2024-01-10 10:00:00'),
  (2, 1, 'O''Brien', 4, 'Path C:\\books\\ is "great"',           FALSE, '2024-02-11 11:30:00'),
  (3, 1, 'Zoë',     5, 'Second read, still great',             TRUE,  '2024-03-12 09:15:00'),
  (4, 3, 'Sam',     3, NULL,                                   TRUE,  '2024-04-01 00:00:00'),
  (5, 2, 'Ann',     2, 'Slow',                                 FALSE, '2024-05-05 20:00:00');

-- Manager chain of depth 2: Ada <- Ben <- {Cy, Di}. Di has no email and left one second short
-- of a full year; Ben was hired on Jan 31 (adding 3 months clamps to Apr 30).
INSERT INTO staff (id, full_name, email, manager_id, hired_at, left_at, salary) VALUES
  (1, 'Ada Boss',   'ada@corp.example', NULL, '2015-03-01 09:00:00', NULL,                  120000.00),
  (2, 'Ben Middle', 'ben@corp.example', 1,    '2018-01-31 08:30:00', NULL,                   70000.00),
  (3, 'Cy Worker',  'cy@corp.example',  2,    '2020-11-15 10:00:00', '2023-11-15 10:00:00',  50000.00),
  (4, 'Di O''Neil', NULL,               2,    '2021-06-01 12:00:00', '2022-06-01 11:59:59',  45000.50);
