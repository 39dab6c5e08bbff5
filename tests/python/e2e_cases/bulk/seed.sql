-- 1,200 rows from MariaDB's Sequence engine; every value is arithmetic on the row number, so the
-- test computes each expected item itself (see test_e2e_faults.py).
SET time_zone = '+00:00';
INSERT INTO events (id, name, amount, created_at)
SELECT seq, CONCAT('event-', seq), seq * 1.25, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq MINUTE
FROM seq_1_to_1200;
