-- self-join case: employees with a manager in the same table.
CREATE TABLE employees (
  id         INT          NOT NULL PRIMARY KEY,
  name       VARCHAR(100) NOT NULL,
  manager_id INT          NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
