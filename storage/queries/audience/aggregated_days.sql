-- Those of the (site, day) pairs registered as days_asked that already have daily aggregates.
SELECT DISTINCT d.site, d.day FROM audience.daily_dimensions d
JOIN days_asked a ON d.site = a.site AND d.day = a.day
WHERE d.dimension = 'total'
