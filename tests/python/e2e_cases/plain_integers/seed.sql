-- Negative, zero and maximum values, a TINYINT(1) holding 2, NULLs, CHAR and ENUM values shorter than
-- their column (Spark pads a CHAR(n) it reads; the views' casts must not let it).
INSERT INTO edges VALUES
  (-7, -2147483648, 18446744073709551615, -9223372036854775808, -32768, 16777215, -128, 2, 42, 2024, NULL, 'ab', 'on'),
  (0, 0, 0, 9223372036854775807, 0, 0, 0, 0, 0, 1901, 0, 'abcde', 'unknown'),
  (2147483647, 2147483647, 1, -1, 32767, 1, 127, 1, 12345, 2155, -5, '', 'off'),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
