SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- 1: nested object, list of mixed types. 2: NULLs. 3: empty object and empty list.
-- 4: JSON escapes (\" and \u00e9 in the stored text) and raw unicode; a quote in a list string.
-- Invalid JSON is a dead-letter case of the job, not a view value, so it is not seeded.
INSERT INTO docs (id, meta, items) VALUES
  (1, '{"a": 1, "b": {"c": [true, null]}, "d": "x"}', '[1, "two", 3.5, {"k": "v"}]'),
  (2, NULL, NULL),
  (3, '{}', '[]'),
  (4, '{"q": "say \\"hi\\"", "e": "caf\\u00e9", "z": "Zoë"}', '["O''Neil"]');
