-- Source of the bulk contract: enough rows for a write-rate measurement and a killed run.
CREATE TABLE events (
  id         INT           NOT NULL PRIMARY KEY,
  name       VARCHAR(40)   NOT NULL,
  amount     DECIMAL(10,2) NOT NULL,
  created_at DATETIME      NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
