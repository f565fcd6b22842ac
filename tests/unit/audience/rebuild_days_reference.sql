-- TEST ORACLE, not product code: the former SQL rebuild of the daily aggregates (window functions),
-- replaced by audience/visits.py + audience/daily.py; test_aud_visits_equivalence.py checks that both
-- give the same three tables.
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
    WINDOW w AS (PARTITION BY e.site, e.day, e.visitor_id ORDER BY e.ts, e.path, e.channel, e.source, e.utm_campaign)
), numbered AS (
    SELECT *, sum(new_visit) OVER (PARTITION BY site, day, visitor_id
                                   ORDER BY ts, path, channel, source, utm_campaign
                                   ROWS UNBOUNDED PRECEDING) AS visit_no
    FROM marked
)
-- One sort per visit gives the hit's rank, the visit's size and the visit's attributes (those of
-- its first page view: channel, source, campaign... as GA and Plausible attribute a visit).
SELECT site, day, visitor_id, visit_no, ts, path,
       row_number() OVER v AS hit_no,
       count(*) OVER (v ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS visit_hits,
       CASE WHEN next_ts IS NULL OR next_ts - ts > $gap THEN 0
            ELSE CAST(epoch(next_ts) - epoch(ts) AS BIGINT) END AS time_on_page,
       first_value(channel) OVER v AS channel, first_value(source) OVER v AS source,
       first_value(utm_campaign) OVER v AS campaign, first_value(browser) OVER v AS browser,
       first_value(os) OVER v AS os, first_value(device) OVER v AS device,
       first_value(language) OVER v AS language,
       first_value(country) OVER v AS country, first_value(network) OVER v AS network
FROM numbered
-- Ties on ts (two hits in one second) are broken on the other columns: the same data always gives
-- the same entry page and attribution.
WINDOW v AS (PARTITION BY site, day, visitor_id, visit_no ORDER BY ts, path, channel, source, utm_campaign)
;
CREATE OR REPLACE TEMP TABLE aud_visits AS
SELECT site, day, visitor_id, visit_no,
       count(*) AS pageviews,
       CAST(epoch(max(ts)) - epoch(min(ts)) AS BIGINT) AS duration_s,
       any_value(path) FILTER (WHERE hit_no = 1) AS entry_page,
       any_value(path) FILTER (WHERE hit_no = visit_hits) AS exit_page,
       any_value(channel) AS channel, any_value(source) AS source, any_value(campaign) AS campaign,
       any_value(browser) AS browser, any_value(os) AS os, any_value(device) AS device,
       any_value(language) AS language, any_value(country) AS country, any_value(network) AS network,
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
SELECT site, day,
       CASE WHEN GROUPING(hour) = 0 THEN 'hour' WHEN GROUPING(entry_page) = 0 THEN 'entry'
            WHEN GROUPING(exit_page) = 0 THEN 'exit' WHEN GROUPING(channel) = 0 THEN 'channel'
            WHEN GROUPING(source) = 0 THEN 'source' WHEN GROUPING(campaign) = 0 THEN 'campaign'
            WHEN GROUPING(browser) = 0 THEN 'browser' WHEN GROUPING(os) = 0 THEN 'os'
            WHEN GROUPING(device) = 0 THEN 'device' WHEN GROUPING(language) = 0 THEN 'language'
            WHEN GROUPING(country) = 0 THEN 'country' WHEN GROUPING(network) = 0 THEN 'network'
            ELSE 'total' END,
       coalesce(hour, entry_page, exit_page, channel, source, campaign, browser, os, device, language, country,
                network, ''),
       count(DISTINCT visitor_id), count(*), sum(pageviews), count(*) FILTER (WHERE pageviews = 1),
       sum(duration_s)
FROM aud_visits
GROUP BY GROUPING SETS ((site, day), (site, day, hour), (site, day, entry_page), (site, day, exit_page),
                        (site, day, channel), (site, day, source), (site, day, campaign), (site, day, browser),
                        (site, day, os), (site, day, device), (site, day, language), (site, day, country),
                        (site, day, network))
UNION ALL
SELECT site, day, 'page', path, count(DISTINCT visitor_id), count(DISTINCT (visitor_id, visit_no)), count(*),
       count(*) FILTER (WHERE visit_hits = 1), sum(time_on_page)
FROM aud_hits GROUP BY site, day, path
;
INSERT INTO audience.daily_visits (site, day, entry_page, exit_page, channel, source, campaign, browser, os, device,
                                   language, country, network, visitors, visits, pageviews, bounces, duration_s)
SELECT site, day, entry_page, exit_page, channel, source, campaign, browser, os, device, language, country, network,
       count(DISTINCT visitor_id), count(*), sum(pageviews), count(*) FILTER (WHERE pageviews = 1),
       sum(duration_s)
FROM aud_visits
GROUP BY site, day, entry_page, exit_page, channel, source, campaign, browser, os, device, language, country, network
;
INSERT INTO audience.daily_pages (site, day, path, channel, source, campaign, browser, os, device, language, country,
                                  network, visitors, pageviews, entries, exits)
SELECT site, day, path, channel, source, campaign, browser, os, device, language, country, network,
       count(DISTINCT visitor_id), count(*), count(*) FILTER (WHERE hit_no = 1),
       count(*) FILTER (WHERE hit_no = visit_hits)
FROM aud_hits
GROUP BY site, day, path, channel, source, campaign, browser, os, device, language, country, network
;
DROP TABLE aud_hits
;
DROP TABLE aud_visits
