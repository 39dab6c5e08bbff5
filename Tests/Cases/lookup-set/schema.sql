-- lookup-set case: posts with tags (strings) and scores (integers) in child tables.
CREATE TABLE posts (
  id    INT          NOT NULL PRIMARY KEY,
  title VARCHAR(100) NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE post_tags (
  id      INT          NOT NULL PRIMARY KEY,
  post_id INT          NOT NULL,
  tag     VARCHAR(50)  NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE scores (
  id      INT NOT NULL PRIMARY KEY,
  post_id INT NOT NULL,
  score   INT NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
