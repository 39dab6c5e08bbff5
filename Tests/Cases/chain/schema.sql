-- chain case: store -> city -> country.
CREATE TABLE countries (
  id   INT          NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE cities (
  id         INT          NOT NULL PRIMARY KEY,
  name       VARCHAR(100) NOT NULL,
  country_id INT          NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE stores (
  id      INT NOT NULL PRIMARY KEY,
  city_id INT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
