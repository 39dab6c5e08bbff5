SET NAMES utf8mb4;
SET time_zone = '+00:00';
-- 1: published. 2: soft-deleted. 3: draft. 4: NULL status ('<> draft' is unknown, not true).
-- 5: published, case differs ('Published'; the filter does not look at it). 6: deleted draft.
INSERT INTO posts (id, status, deleted_at) VALUES
  (1, 'published', NULL),
  (2, 'published', '2024-01-01 00:00:00'),
  (3, 'draft', NULL),
  (4, NULL, NULL),
  (5, 'Published', NULL),
  (6, 'draft', '2024-01-02 00:00:00');
