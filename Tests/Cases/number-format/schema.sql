-- number-format case: a decimal weight and an integer position.
CREATE TABLE parcels (
  id       INT           NOT NULL PRIMARY KEY,
  weight   DECIMAL(10,2) NULL,
  position INT           NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
