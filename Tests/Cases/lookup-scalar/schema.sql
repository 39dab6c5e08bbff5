-- lookup-scalar case: users with a country code looked up in a code table.
CREATE TABLE countries (
  code CHAR(2)      NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
  id           INT     NOT NULL PRIMARY KEY,
  country_code CHAR(2) NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
