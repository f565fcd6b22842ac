-- Recompute visits and every daily aggregate of the (site, day) pairs in `touched_days`
-- from the raw events (sessions split at midnight because `day` is in the partition).
-- Parameters: $gap (INTERVAL, inactivity that ends a visit), $tz (time zone of the hour).
-- Statements are separated by a line holding only ";" (run one by one, in one transaction).
CREATE OR REPLACE TEMP TABLE aud_hits AS
WITH marked AS (
    SELECT e.*,
           CASE WHEN lag(e.ts) OVER w IS NULL OR e.ts - lag(e.ts) OVER w > $gap THEN 1 ELSE 0 END AS new_visit,
           lead(e.ts) OVER w AS next_ts
    FROM audience.events e
    WHERE (e.site, e.day) IN (SELECT site, day FROM touched_days)
    WINDOW w AS (PARTITION BY e.site, e.day, e.visitor_id ORDER BY e.ts)
), numbered AS (
    SELECT *, sum(new_visit) OVER (PARTITION BY site, day, visitor_id ORDER BY ts
                                   ROWS UNBOUNDED PRECEDING) AS visit_no
    FROM marked
)
SELECT *,
       row_number() OVER v AS hit_no,
       count(*) OVER v AS visit_hits,
       CASE WHEN next_ts IS NULL OR next_ts - ts > $gap THEN 0
            ELSE CAST(epoch(next_ts) - epoch(ts) AS BIGINT) END AS time_on_page
FROM numbered
WINDOW v AS (PARTITION BY site, day, visitor_id, visit_no)
;
CREATE OR REPLACE TEMP TABLE aud_visits AS
SELECT site, day, visitor_id, visit_no,
       count(*) AS pageviews,
       CAST(epoch(max(ts)) - epoch(min(ts)) AS BIGINT) AS duration_s,
       arg_min(path, ts) AS entry_page, arg_max(path, ts) AS exit_page,
       arg_min(channel, ts) AS channel, arg_min(source, ts) AS source,
       arg_min(utm_campaign, ts) AS campaign, arg_min(browser, ts) AS browser,
       arg_min(os, ts) AS os, arg_min(device, ts) AS device, arg_min(language, ts) AS language,
       lpad(CAST(hour(timezone($tz, min(ts))) AS VARCHAR), 2, '0') AS hour
FROM aud_hits
GROUP BY site, day, visitor_id, visit_no
;
DELETE FROM audience.daily_dimensions WHERE (site, day) IN (SELECT site, day FROM touched_days)
;
DELETE FROM audience.daily_visits WHERE (site, day) IN (SELECT site, day FROM touched_days)
;
DELETE FROM audience.daily_pages WHERE (site, day) IN (SELECT site, day FROM touched_days)
;
INSERT INTO audience.daily_dimensions
WITH dims AS (
    SELECT v.*, d.dimension,
           CASE d.dimension WHEN 'total' THEN '' WHEN 'hour' THEN v.hour WHEN 'entry' THEN v.entry_page
                WHEN 'exit' THEN v.exit_page WHEN 'channel' THEN v.channel WHEN 'source' THEN v.source
                WHEN 'campaign' THEN v.campaign WHEN 'browser' THEN v.browser WHEN 'os' THEN v.os
                WHEN 'device' THEN v.device ELSE v.language END AS value
    FROM aud_visits v
    CROSS JOIN (VALUES ('total'), ('hour'), ('entry'), ('exit'), ('channel'), ('source'), ('campaign'),
                       ('browser'), ('os'), ('device'), ('language')) AS d(dimension)
)
SELECT site, day, dimension, value, count(DISTINCT visitor_id), count(*), sum(pageviews),
       count(*) FILTER (WHERE pageviews = 1), sum(duration_s)
FROM dims GROUP BY site, day, dimension, value
UNION ALL
SELECT site, day, 'page', path, count(DISTINCT visitor_id), count(DISTINCT (visitor_id, visit_no)), count(*),
       count(*) FILTER (WHERE visit_hits = 1), sum(time_on_page)
FROM aud_hits GROUP BY site, day, path
;
INSERT INTO audience.daily_visits
SELECT site, day, entry_page, exit_page, channel, source, campaign, browser, os, device, language,
       count(DISTINCT visitor_id), count(*), sum(pageviews), count(*) FILTER (WHERE pageviews = 1),
       sum(duration_s)
FROM aud_visits
GROUP BY site, day, entry_page, exit_page, channel, source, campaign, browser, os, device, language
;
INSERT INTO audience.daily_pages
SELECT h.site, h.day, h.path, v.channel, v.source, v.campaign, v.browser, v.os, v.device, v.language,
       count(DISTINCT h.visitor_id), count(*), count(*) FILTER (WHERE h.hit_no = 1),
       count(*) FILTER (WHERE h.hit_no = h.visit_hits)
FROM aud_hits h
JOIN aud_visits v USING (site, day, visitor_id, visit_no)
GROUP BY h.site, h.day, h.path, v.channel, v.source, v.campaign, v.browser, v.os, v.device, v.language
;
DROP TABLE aud_hits
;
DROP TABLE aud_visits
