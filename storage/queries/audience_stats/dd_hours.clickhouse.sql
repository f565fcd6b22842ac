-- ClickHouse version of dd_hours.sql (DateTime64: DateTime would come out of Arrow as an integer).
SELECT toDateTime64(day, 0, 'UTC') + toIntervalHour(toInt32(value)) AS bucket,
       sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews,
       sum(bounces) AS bounces, sum(duration_s) AS duration_s
FROM audience.daily_dimensions
WHERE site = {site:String} AND day BETWEEN {start:Date} AND {end:Date} AND dimension = 'hour'
GROUP BY bucket
ORDER BY bucket
