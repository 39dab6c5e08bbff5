-- 12 customers C01..C12 with a code, one without (missing-key), two sharing code DUP
-- (key-collision); 10 orders of C01..C05. Values are arithmetic on the row number.
SET time_zone = '+00:00';
INSERT INTO customers (id, code, name, email, credit)
SELECT seq, CONCAT('C', LPAD(seq, 2, '0')), CONCAT('customer ', seq), CONCAT('c', seq, '@example.com'), seq * 2.5
FROM seq_1_to_12;
INSERT INTO customers (id, code, name, email, credit) VALUES
  (13, NULL,  'no code',      NULL, 0),
  (14, 'DUP', 'first twin',   NULL, 1),
  (15, 'DUP', 'second twin',  NULL, 2);
INSERT INTO orders (id, customer_code, total, placed_at)
SELECT seq, CONCAT('C', LPAD(1 + seq % 5, 2, '0')), seq * 12.5, TIMESTAMP '2024-03-01 08:00:00' + INTERVAL seq HOUR
FROM seq_1_to_10;
