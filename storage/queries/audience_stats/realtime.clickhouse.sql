-- ClickHouse version of realtime.sql.
SELECT path, count(DISTINCT visitor_id) AS visitors, count(*) AS pageviews
FROM audience.events
WHERE site = {site:String} AND ts >= {since:DateTime64(6, 'UTC')}
  AND day >= toDate({since:DateTime64(6, 'UTC')}) - 1
GROUP BY path
ORDER BY visitors DESC, pageviews DESC, path
LIMIT 50
