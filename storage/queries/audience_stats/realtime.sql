-- Visitors and their pages over the last minutes, from the raw events. Params: $site, $since.
SELECT path, count(DISTINCT visitor_id) AS visitors, count(*) AS pageviews
FROM audience.events
WHERE site = $site AND ts >= $since AND day >= CAST($since AS DATE) - 1
GROUP BY path
ORDER BY visitors DESC, pageviews DESC, path
LIMIT 50
