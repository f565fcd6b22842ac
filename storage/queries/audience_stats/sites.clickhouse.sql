-- ClickHouse version of sites.sql (UNION needs DISTINCT or ALL spelled out there).
SELECT site FROM (
    SELECT DISTINCT site FROM audience.daily_dimensions WHERE dimension = 'total'
    UNION DISTINCT
    SELECT DISTINCT site FROM audience.events
)
ORDER BY site
