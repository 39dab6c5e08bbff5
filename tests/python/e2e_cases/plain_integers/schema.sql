-- Integer columns at their edges, dates, times and other numbers (whose views cast them into
-- latin1), and CHAR/ENUM text shorter than its column, read as S attributes
-- (tests/python/test_e2e_cast_free.py).
CREATE TABLE edges (
  id          INT PRIMARY KEY,
  i_signed    INT,
  bi_unsigned BIGINT UNSIGNED,
  bi_signed   BIGINT,
  si          SMALLINT,
  mi_unsigned MEDIUMINT UNSIGNED,
  ti          TINYINT,
  flag        TINYINT(1),
  zf          INT(5) ZEROFILL,
  yr          YEAR,
  maybe       INT NULL,
  code        CHAR(5),
  state       ENUM('on', 'off', 'unknown'),
  made        TIMESTAMP(3) NULL,
  day         DATE,
  span        TIME(1),
  price       DECIMAL(10,2),
  ratio       DOUBLE
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
