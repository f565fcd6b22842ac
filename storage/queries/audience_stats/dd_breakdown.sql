-- Top values of one dimension, unfiltered. Params: $site, $start, $end, $dimension, $limit.
SELECT value, sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews,
       sum(bounces) AS bounces, sum(duration_s) AS duration_s
FROM audience.daily_dimensions
WHERE site = $site AND day BETWEEN $start AND $end AND dimension = $dimension
GROUP BY value
ORDER BY visitors DESC, pageviews DESC, value
LIMIT $limit
