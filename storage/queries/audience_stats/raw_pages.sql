SELECT path AS value, count(DISTINCT (day, visitor_id)) AS visitors,
       count(DISTINCT (day, visitor_id, visit_no)) AS visits, count(*) AS pageviews,
       count(DISTINCT (day, visitor_id, visit_no)) FILTER (WHERE visit_pageviews = 1) AS bounces
FROM hits
WHERE $page IS NULL OR path = $page
GROUP BY value
ORDER BY visitors DESC, pageviews DESC, value
LIMIT $limit
