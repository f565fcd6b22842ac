SELECT {bucket} AS bucket, count(DISTINCT (day, visitor_id)) AS visitors, count(*) AS visits,
       sum(page_views) AS pageviews, count(*) FILTER (WHERE pageviews = 1) AS bounces,
       sum(duration_s) AS duration_s
FROM visits
GROUP BY bucket
ORDER BY bucket
