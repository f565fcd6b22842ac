-- ClickHouse version of dv_series.sql (a format template: the parameters' braces are doubled).
SELECT toDate(date_trunc({{grain:String}}, day)) AS bucket,
       sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews,
       sum(bounces) AS bounces, sum(duration_s) AS duration_s
FROM audience.daily_visits
WHERE site = {{site:String}} AND day BETWEEN {{start:Date}} AND {{end:Date}} {filters}
GROUP BY bucket
ORDER BY bucket
