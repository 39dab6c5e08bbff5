-- A source whose primary key is text: no integer key to split reads by, so the view's
-- _partition_key is NULL and the job must read it with one reader (and never take it as empty).
CREATE TABLE countries (
  code CHAR(2)      NOT NULL PRIMARY KEY,
  name VARCHAR(60)  NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
