-- quoting case: identifiers with a backquote, quotes, a backslash, a space and unicode.
CREATE TABLE `odd``tab` (
  id          INT          NOT NULL PRIMARY KEY,
  `it's "col"` VARCHAR(100) NULL,
  `naïve`     VARCHAR(100) NULL,
  note        VARCHAR(100) NULL,
  `ref id`    INT          NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `ref``t` (
  id           INT          NOT NULL PRIMARY KEY,
  `back\slash` VARCHAR(100) NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
