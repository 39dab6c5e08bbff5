-- Negative, zero and maximum values, a TINYINT(1) holding 2, NULLs, CHAR and ENUM values shorter than
-- their column (Spark pads a CHAR(n) it reads; the views' casts must not let it), fractional seconds
-- with trailing zeros, a negative TIME beyond a day, a double's exponent. TIMESTAMP values are
-- written and read in UTC, as the job reads them.
SET time_zone = '+00:00';
INSERT INTO edges VALUES
  (-7, -2147483648, 18446744073709551615, -9223372036854775808, -32768, 16777215, -128, 2, 42, 2024, NULL, 'ab', 'on',
   '2038-01-19 03:14:07.999', '1000-01-01', '-838:59:59.0', -12345678.90, -1.5e300),
  (0, 0, 0, 9223372036854775807, 0, 0, 0, 0, 0, 1901, 0, 'abcde', 'unknown',
   '1970-01-01 00:00:01.000', '9999-12-31', '00:00:00.5', 0.00, 0),
  (2147483647, 2147483647, 1, -1, 32767, 1, 127, 1, 12345, 2155, -5, '', 'off',
   '2024-02-29 23:59:59.120', '2024-02-29', '100:00:00.0', 99999999.99, 0.1),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
