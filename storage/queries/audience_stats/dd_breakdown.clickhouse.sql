-- ClickHouse version of dd_breakdown.sql (parameters {name:Type}).
SELECT value, sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews,
       sum(bounces) AS bounces, sum(duration_s) AS duration_s
FROM audience.daily_dimensions
WHERE site = {site:String} AND day BETWEEN {start:Date} AND {end:Date} AND dimension = {dimension:String}
GROUP BY value
ORDER BY visitors DESC, pageviews DESC, value
LIMIT {limit:UInt32}
