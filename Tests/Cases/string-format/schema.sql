-- string-format case: users in optional teams.
CREATE TABLE teams (
  id   INT          NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
  id      INT          NOT NULL PRIMARY KEY,
  email   VARCHAR(100) NULL,
  team_id INT          NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
