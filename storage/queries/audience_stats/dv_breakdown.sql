-- Top values of one visit dimension (the column, whitelisted) for filtered visits.
-- Params: $site, $start, $end, $limit, $f_<dimension>.
SELECT {column} AS value, sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews,
       sum(bounces) AS bounces, sum(duration_s) AS duration_s
FROM audience.daily_visits
WHERE site = $site AND day BETWEEN $start AND $end {filters}
GROUP BY value
ORDER BY visitors DESC, pageviews DESC, value
LIMIT $limit
