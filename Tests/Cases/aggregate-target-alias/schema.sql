-- aggregate-target-alias case: staff reporting to staff (the aggregate's inner table is the row source).
CREATE TABLE staff (
  id         INT          NOT NULL PRIMARY KEY,
  name       VARCHAR(100) NOT NULL,
  manager_id INT          NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
