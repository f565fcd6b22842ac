-- Visit figures per bucket from the daily per-dimension rows (no filter: dimension 'total';
-- one filter: that dimension's row). Params: $site, $start, $end, $grain, $dimension, $value.
SELECT date_trunc($grain, day) AS bucket,
       sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews,
       sum(bounces) AS bounces, sum(duration_s) AS duration_s
FROM audience.daily_dimensions
WHERE site = $site AND day BETWEEN $start AND $end AND dimension = $dimension AND value = $value
GROUP BY bucket
ORDER BY bucket
