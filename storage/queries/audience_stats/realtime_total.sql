-- Distinct visitors over the last minutes (a visitor on several pages counts once). Params: $site, $since.
SELECT count(DISTINCT visitor_id) AS visitors, count(*) AS pageviews
FROM audience.events
WHERE site = $site AND ts >= $since AND day >= CAST($since AS DATE) - 1
