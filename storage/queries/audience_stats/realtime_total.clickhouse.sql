-- ClickHouse version of realtime_total.sql.
SELECT count(DISTINCT visitor_id) AS visitors, count(*) AS pageviews
FROM audience.events
WHERE site = {site:String} AND ts >= {since:DateTime64(6, 'UTC')}
  AND day >= toDate({since:DateTime64(6, 'UTC')}) - 1
