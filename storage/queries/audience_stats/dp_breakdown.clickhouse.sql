-- ClickHouse version of dp_breakdown.sql. A format template ({column}, {filters} filled first, as
-- the common file), so the parameters' braces are doubled.
SELECT {column} AS value, sum(visitors) AS visitors, sum(pageviews) AS pageviews,
       sum(entries) AS entries, sum(exits) AS exits
FROM audience.daily_pages
WHERE site = {{site:String}} AND day BETWEEN {{start:Date}} AND {{end:Date}} {filters}
GROUP BY value
ORDER BY visitors DESC, pageviews DESC, value
LIMIT {{limit:UInt32}}
