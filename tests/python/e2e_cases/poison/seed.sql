SET NAMES utf8mb4;
INSERT INTO parcels (id, code, label, details, notes) VALUES
  (1, 'A1', 'fine',               '{"weight": 1.5, "fragile": true}', NULL),
  (2, 'A2', 'fine, no details',   NULL,                               'short note'),
  (3, 'B1', 'invalid JSON',       '{"weight": ',                      NULL),
  (4, NULL, 'no key',             '{}',                               NULL),
  (5, 'C1', 'over 400 KB',        NULL,                               REPEAT('x', 420000)),
  (6, 'D1', 'collides with 7',    NULL,                               NULL),
  (7, 'D1', 'collides with 6',    NULL,                               NULL),
  (8, 'E1', 'fine, after faults', '{"tags": ["a", "b"]}',             NULL);
