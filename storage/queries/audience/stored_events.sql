-- The stored page views of the (site, day) pairs registered as days_to_read (columns: visits.COLUMNS).
-- The day range lets DuckDB skip row groups (zone maps).
SELECT {columns} FROM audience.events
WHERE day BETWEEN ? AND ? AND (site, day) IN (SELECT site, day FROM days_to_read)
