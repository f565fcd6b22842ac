-- Sites that have statistics (configured or not any more: their figures stay until they expire).
SELECT DISTINCT site FROM audience.daily_dimensions WHERE dimension = 'total'
UNION
SELECT DISTINCT site FROM audience.events
ORDER BY site
