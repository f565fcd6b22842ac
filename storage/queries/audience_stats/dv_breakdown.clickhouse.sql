-- ClickHouse version of dv_breakdown.sql (a format template: the parameters' braces are doubled).
SELECT {column} AS value, sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews,
       sum(bounces) AS bounces, sum(duration_s) AS duration_s
FROM audience.daily_visits
WHERE site = {{site:String}} AND day BETWEEN {{start:Date}} AND {{end:Date}} {filters}
GROUP BY value
ORDER BY visitors DESC, pageviews DESC, value
LIMIT {{limit:UInt32}}
