-- Source of the poison-row contract: every row is a fault the job must dead-letter, or a
-- well-formed neighbour that must still be written.
CREATE TABLE parcels (
  id      INT          NOT NULL PRIMARY KEY,
  code    VARCHAR(20)  NULL     COMMENT 'the table key: NULL is a missing key, duplicates collide',
  label   VARCHAR(100) NOT NULL,
  details TEXT         NULL     COMMENT 'JSON object (json-parse to M)',
  notes   LONGTEXT     NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
