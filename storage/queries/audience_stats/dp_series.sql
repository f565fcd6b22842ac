-- Page views per bucket for a page filter combined with other filters (daily_pages has no
-- visit count). Params: $site, $start, $end, $grain, $f_<dimension>.
SELECT date_trunc($grain, day) AS bucket,
       sum(visitors) AS visitors, sum(pageviews) AS pageviews
FROM audience.daily_pages
WHERE site = $site AND day BETWEEN $start AND $end {filters}
GROUP BY bucket
ORDER BY bucket
