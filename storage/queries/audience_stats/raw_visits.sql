-- Visits rebuilt from the raw events (same rules as audience/rebuild_days.sql: a gap of more
-- than $gap ends a visit, split at midnight), for filter combinations and hours that the
-- aggregates cannot answer. Only within the raw-event retention. Then the query part runs over
-- `visits` (one row per visit) or `hits` (page views with their visit's dimensions).
-- Params: $site, $start, $end, $gap, $page (the page filter, or NULL), plus those of the query part.
WITH marked AS (
    SELECT day, visitor_id, ts, path, channel, source, utm_campaign AS campaign, browser, os, device, language,
           country, network,
           CASE WHEN lag(ts) OVER w IS NULL OR ts - lag(ts) OVER w > $gap THEN 1 ELSE 0 END AS new_visit
    FROM audience.events
    WHERE site = $site AND day BETWEEN $start AND $end
    WINDOW w AS (PARTITION BY day, visitor_id ORDER BY ts)
), numbered AS (
    SELECT *, sum(new_visit) OVER (PARTITION BY day, visitor_id ORDER BY ts ROWS UNBOUNDED PRECEDING) AS visit_no
    FROM marked
), all_visits AS (
    SELECT day, visitor_id, visit_no, min(ts) AS started, count(*) AS pageviews,
           CAST(epoch(max(ts)) - epoch(min(ts)) AS BIGINT) AS duration_s,
           arg_min(path, ts) AS entry_page, arg_max(path, ts) AS exit_page,
           arg_min(channel, ts) AS channel, arg_min(source, ts) AS source, arg_min(campaign, ts) AS campaign,
           arg_min(browser, ts) AS browser, arg_min(os, ts) AS os, arg_min(device, ts) AS device,
           arg_min(language, ts) AS language, arg_min(country, ts) AS country, arg_min(network, ts) AS network,
           coalesce(bool_or(path = $page), true) AS has_page,
           count(*) FILTER (WHERE $page IS NULL OR path = $page) AS page_views
    FROM numbered
    GROUP BY day, visitor_id, visit_no
), visits AS (
    SELECT * FROM all_visits WHERE has_page {filters}
), hits AS (
    SELECT n.path, v.* RENAME (pageviews AS visit_pageviews)
    FROM numbered n JOIN visits v USING (day, visitor_id, visit_no)
)
{query}
