-- ClickHouse version of dd_series.sql.
SELECT toDate(date_trunc({grain:String}, day)) AS bucket,
       sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews,
       sum(bounces) AS bounces, sum(duration_s) AS duration_s
FROM audience.daily_dimensions
WHERE site = {site:String} AND day BETWEEN {start:Date} AND {end:Date} AND dimension = {dimension:String}
  AND value = {value:String}
GROUP BY bucket
ORDER BY bucket
