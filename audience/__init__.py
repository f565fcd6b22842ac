"""First-party audience measurement: collection, anonymisation, sessions, aggregates, expiry.

Three entry points feed ONE pipeline (pipeline.py, named steps, each may drop with a counted
reason): the JS collector (`http.collect`, POST /api/collect), the app's own pages
(`app_views.record_app_pageview`) and access-log import (`logs.import_file`, CLI
`python -m audience import-log FILE|- [--site NAME] [--format F]`; formats: logformats.py).
The full IP address is used in memory only
(excluded ranges, visitor hash, optional country/network lookup in local .mmdb files: geo.py)
and replaced by `anonymise.anonymise_ip` before anything is written. No streamlit import in
this package.

Schema (storage/migrations/audience/0100_audience.sql and 0150_geo_drops.sql, catalog `audience`):

* `events` — one row per stored page view, kept `[retention] audience_events_months`:
  site, ts (TIMESTAMPTZ), day (local DATE, site time zone), visitor_id (BIGINT: BLAKE2b keyed
  with that day's random key, keys destroyed after `visitor_key_hours`, so no cross-day id),
  ip_prefix (IPv4 /16, IPv6 /48), origin (js|app|log), path (query stripped), referrer_host,
  channel, source, utm_medium, utm_campaign, browser, os, device, language, import_id,
  country (ISO code), network (ASN organisation): both '' unless `[audience] geoip_database` /
  `asn_database` name local files (looked up on the full IP in memory, pipeline step put_geo).
  Realtime (last 5 minutes) and any ad-hoc query within the raw retention read it.
* `daily_dimensions` — (site, day, dimension, value) -> visitors, visits, pageviews, bounces,
  duration_s. dimension: total (value ''), hour ('00'..'23', by visit start), page, entry, exit,
  channel, source, campaign, browser, os, device, language, country, network. Top lists and time series by
  day/week/month (sum of days) over 26 months read only this table: ≈ (1 + 24 + pages + …) rows
  per day, i.e. a few hundred thousand rows for 26 months of a site.
  For page rows: visits = visits that saw the page, bounces = single-page visits on it,
  duration_s = time on page (to the next page view of the visit).
* `daily_visits` — visits per day and combination of visit dimensions (entry_page, exit_page,
  channel, source, campaign, browser, os, device, language, country, network) -> visitors,
  visits, pageviews, bounces, duration_s: every visit metric filtered by any visit dimension.
* `daily_pages` — page views per day, path and visit dimensions (channel, source, campaign,
  browser, os, device, language, country, network) -> visitors, pageviews, entries, exits: page
  reports filtered by any dimension.
* `daily_drops` — (site, day, reason) -> hits: dropped hits (bot, gpc, dnt, no_consent,
  excluded_ip, expired, log rules...) per local day of the hit, written in the same transaction
  as the batch's events, expired with the aggregates. The collector's refusals before the
  pipeline (invalid, oversized, unknown_site, forbidden_origin, bad_text, overloaded), the events the
  pipeline could not process (unprocessable, audience.buffer) and unparseable or
  already imported log lines are not stored (metrics / import summary only).
* `log_imports` — digest (BLAKE3; SHA-256 for imports before it), digest of the first 4 KiB
  (`head_digest`) and size of each imported log (re-imports add nothing).

Visitors over several days are sums of daily unique visitors (daily keys make a cross-day
count impossible by design); `visitors` summed over rows of daily_visits/daily_pages counts a
visitor once per combination (exact when the filter keeps one combination per visitor).
Aggregates of a day are recomputed from its raw events when a batch touches it (visits.py, daily.py;
the current day's at most every `aggregate_refresh_seconds` on the live path, so a flush stays
cheap; earlier days, log imports and shutdown at once); once raw events expire the aggregates
stay until `audience_aggregates_months`. A log's lines past the raw retention but inside the
aggregates' build their days' aggregates with the same code, without raw rows (store.write_events
`raw_from`); a day that already has aggregates keeps them (drop `already_aggregated`). Every batch
write also deletes what is past retention (store.expire), and the flush loop destroys expired
visitor keys (keys.py).

Entry points for the lead: routes `POST|OPTIONS /api/collect` -> `http.collect`,
`GET /api/metrics` -> `http.metrics` (Bearer `metrics_token`), `POST /api/import-log` ->
`app_import.import_endpoint` (loopback + Bearer `import_token`); lifespan `http.startup()` /
`http.shutdown()` (flushes), `app_import.publish_address()` / `withdraw_address()`;
`app_views.record_app_pageview(...)`; CLI `python -m audience import-log FILE --site NAME` and
`python -m audience sites add|list|remove` (hand the work to the running app over `POST /api/import-log`
and `POST /api/sites` when it holds the database).

App-side table (storage/migrations/app/0100_audience_sites.sql): `audience_sites` (name, hosts),
managed by staff through sites.py.
"""
