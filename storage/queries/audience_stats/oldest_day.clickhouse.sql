-- ClickHouse version of oldest_day.sql: min() of no rows is 1970-01-01 there, minOrNull() is NULL.
SELECT minOrNull(day) AS first_day, maxOrNull(day) AS last_day FROM audience.daily_dimensions WHERE dimension = 'total'
