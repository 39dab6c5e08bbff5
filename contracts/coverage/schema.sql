-- Source schema of a small library, made to exercise every construct of docs/CONTRACT.md
-- (see contracts/coverage/README.md for the construct -> attribute map).
-- Runs on MySQL 8.0 and MariaDB 10.5+. Date/time columns are DATETIME: UTC wall-clock values.
CREATE TABLE countries (
  code CHAR(2)      NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE authors (
  id           INT AUTO_INCREMENT PRIMARY KEY,
  first_name   VARCHAR(100) NULL,
  middle_name  VARCHAR(100) NULL,
  last_name    VARCHAR(100) NOT NULL,
  country_code CHAR(2)      NULL,
  born_year    SMALLINT     NULL,
  bio          TEXT         NULL,
  pen_names    TEXT         NULL COMMENT 'JSON array of strings',
  FOREIGN KEY (country_code) REFERENCES countries(code)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE series (
  id        INT AUTO_INCREMENT PRIMARY KEY,
  name      VARCHAR(200) NOT NULL,
  author_id INT          NOT NULL,
  FOREIGN KEY (author_id) REFERENCES authors(id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE books (
  id              INT AUTO_INCREMENT PRIMARY KEY,
  title           VARCHAR(300)  NOT NULL,
  author_id       INT           NOT NULL,
  series_id       INT           NULL,
  series_position INT           NULL,
  isbn            CHAR(13)      NULL UNIQUE,
  pages           INT           NOT NULL,
  shipping_weight DECIMAL(7,1)  NOT NULL COMMENT 'grams',
  published_at    DATETIME      NOT NULL,
  added_epoch     BIGINT        NOT NULL COMMENT 'seconds since 1970-01-01 UTC',
  last_opened_ms  BIGINT        NULL     COMMENT 'milliseconds since 1970-01-01 UTC',
  metadata        TEXT          NULL     COMMENT 'JSON object',
  cover           VARBINARY(64) NULL,
  is_available    BOOLEAN       NOT NULL DEFAULT TRUE,
  deleted_at      DATETIME      NULL,
  version         INT           NOT NULL DEFAULT 1,
  updated_at      DATETIME      NOT NULL,
  KEY books_author (author_id),
  KEY books_updated (updated_at),
  FOREIGN KEY (author_id) REFERENCES authors(id),
  FOREIGN KEY (series_id) REFERENCES series(id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE book_prices (
  book_id  INT           NOT NULL,
  currency CHAR(3)       NOT NULL,
  amount   DECIMAL(10,2) NOT NULL,
  PRIMARY KEY (book_id, currency),
  FOREIGN KEY (book_id) REFERENCES books(id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE book_tags (
  book_id INT         NOT NULL,
  tag     VARCHAR(50) NOT NULL,
  PRIMARY KEY (book_id, tag),
  FOREIGN KEY (book_id) REFERENCES books(id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE reviews (
  id          INT AUTO_INCREMENT PRIMARY KEY,
  book_id     INT          NOT NULL,
  reviewer    VARCHAR(100) NOT NULL,
  rating      TINYINT      NOT NULL,
  body        TEXT         NULL,
  is_verified BOOLEAN      NOT NULL DEFAULT FALSE,
  created_at  DATETIME     NOT NULL,
  KEY reviews_book (book_id, created_at),
  FOREIGN KEY (book_id) REFERENCES books(id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE staff (
  id         INT AUTO_INCREMENT PRIMARY KEY,
  full_name  VARCHAR(100)  NOT NULL,
  email      VARCHAR(100)  NULL,
  manager_id INT           NULL,
  hired_at   DATETIME      NOT NULL,
  left_at    DATETIME      NULL,
  salary     DECIMAL(10,2) NOT NULL,
  KEY staff_manager (manager_id),
  FOREIGN KEY (manager_id) REFERENCES staff(id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
