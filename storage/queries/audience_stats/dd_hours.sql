-- Visit figures per hour of visit start (dimension 'hour', no filter). Params: $site, $start, $end.
SELECT day + CAST(value AS INTEGER) * INTERVAL 1 HOUR AS bucket,
       sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews,
       sum(bounces) AS bounces, sum(duration_s) AS duration_s
FROM audience.daily_dimensions
WHERE site = $site AND day BETWEEN $start AND $end AND dimension = 'hour'
GROUP BY bucket
ORDER BY bucket
