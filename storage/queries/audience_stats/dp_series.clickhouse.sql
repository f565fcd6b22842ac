-- ClickHouse version of dp_series.sql (a format template: the parameters' braces are doubled).
SELECT toDate(date_trunc({{grain:String}}, day)) AS bucket,
       sum(visitors) AS visitors, sum(pageviews) AS pageviews
FROM audience.daily_pages
WHERE site = {{site:String}} AND day BETWEEN {{start:Date}} AND {{end:Date}} {filters}
GROUP BY bucket
ORDER BY bucket
