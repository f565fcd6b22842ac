-- One aggregate table's rows of the (site, day) pairs registered as rebuilt_days.
-- The day range lets DuckDB skip row groups (zone maps).
DELETE FROM audience.{table}
WHERE day BETWEEN ? AND ? AND (site, day) IN (SELECT site, day FROM rebuilt_days)
