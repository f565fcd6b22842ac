-- Visit figures per bucket for visits matching visit-dimension filters (the filter part: whitelisted
-- columns compared with bound parameters). Params: $site, $start, $end, $grain, $f_<dimension>.
SELECT date_trunc($grain, day) AS bucket,
       sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews,
       sum(bounces) AS bounces, sum(duration_s) AS duration_s
FROM audience.daily_visits
WHERE site = $site AND day BETWEEN $start AND $end {filters}
GROUP BY bucket
ORDER BY bucket
