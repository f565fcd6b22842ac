-- ClickHouse version of dv_breakdowns.sql (a format template: the parameters' braces are doubled).
-- group_by_use_nulls: a column outside the grouping set is NULL there, as in standard SQL (ClickHouse's
-- default is the type's default value, which coalesce() would take for a value).
WITH f AS (
    SELECT * FROM audience.daily_visits
    WHERE site = {{site:String}} AND day BETWEEN {{start:Date}} AND {{end:Date}} {filters}
), g AS (
    SELECT CASE WHEN GROUPING(entry_page) = 0 THEN 'entry' WHEN GROUPING(exit_page) = 0 THEN 'exit'
                WHEN GROUPING(channel) = 0 THEN 'channel' WHEN GROUPING(source) = 0 THEN 'source'
                WHEN GROUPING(campaign) = 0 THEN 'campaign' WHEN GROUPING(browser) = 0 THEN 'browser'
                WHEN GROUPING(os) = 0 THEN 'os' WHEN GROUPING(device) = 0 THEN 'device'
                WHEN GROUPING(language) = 0 THEN 'language' WHEN GROUPING(country) = 0 THEN 'country'
                ELSE 'network' END AS dimension,
           coalesce(entry_page, exit_page, channel, source, campaign, browser, os, device, language, country,
                    network) AS value,
           sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews,
           sum(bounces) AS bounces, sum(duration_s) AS duration_s
    FROM f
    GROUP BY GROUPING SETS ((entry_page), (exit_page), (channel), (source), (campaign), (browser), (os), (device),
                           (language), (country), (network))
)
SELECT * FROM g
QUALIFY row_number() OVER (PARTITION BY dimension ORDER BY visitors DESC, pageviews DESC, value) <= {{limit:UInt32}}
ORDER BY dimension, visitors DESC, pageviews DESC, value
SETTINGS group_by_use_nulls = 1
