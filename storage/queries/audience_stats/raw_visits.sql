-- Visits rebuilt from the raw events, for filter combinations and hours that the aggregates
-- cannot answer (only within the raw-event retention). audience/stats/raw.py registers them by
-- the one visit rule (audience/visits.py): raw_all_visits (one row per visit, with has_page and
-- page_views for the page filter) and raw_hits (visit_no, path). The query part then runs
-- over `visits` (one row per visit) or `hits` (page views with their visit's dimensions).
WITH visits AS (
    SELECT * FROM raw_all_visits WHERE has_page {filters}
), hits AS (
    SELECT h.path, v.* RENAME (pageviews AS visit_pageviews)
    FROM raw_hits h JOIN visits v USING (visit_no)
)
{query}
