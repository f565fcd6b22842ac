-- Top values of the column (path or a visit dimension, whitelisted) over filtered page views.
-- Params: $site, $start, $end, $limit, $f_<dimension>.
SELECT {column} AS value, sum(visitors) AS visitors, sum(pageviews) AS pageviews,
       sum(entries) AS entries, sum(exits) AS exits
FROM audience.daily_pages
WHERE site = $site AND day BETWEEN $start AND $end {filters}
GROUP BY value
ORDER BY visitors DESC, pageviews DESC, value
LIMIT $limit
