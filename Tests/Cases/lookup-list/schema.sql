-- lookup-list case: posts and the names of their commenters.
CREATE TABLE posts (
  id INT NOT NULL PRIMARY KEY
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE comments (
  id        INT          NOT NULL PRIMARY KEY,
  post_id   INT          NOT NULL,
  commenter VARCHAR(100) NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
