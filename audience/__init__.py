"""First-party audience measurement: collection, anonymisation, sessions, aggregates, expiry.

Three entry points feed ONE pipeline (pipeline.py, named steps, each may drop with a counted
reason): the JS collector (POST /api/collect), the app's own pages (`app_views`) and access-log
import (`logs`, CLI `python -m audience import-log FILE|-`; the formats: logformats.py). The full IP
address is used in memory only (excluded ranges, visitor hash, optional local geo lookup) and
replaced by `anonymise.anonymise_ip` before anything is written. No streamlit import in this package.

The tables (catalog `audience`; columns in storage/migrations/audience/*.sql): `events`, one row per
stored page view, kept for the raw retention; `daily_dimensions` (site, day, dimension, value),
`daily_visits` (per combination of visit dimensions) and `daily_pages` (per path and visit
dimensions), the aggregates every report over 26 months reads; `daily_drops`, dropped hits per
reason; `log_imports`, what each imported log covered. In daily_dimensions' page rows, visits are
the visits that saw the page, bounces the single-page visits on it, duration_s the time on it.

A day's aggregates are recomputed from its raw events when a batch touches it (visits.py,
daily.py) and outlive the raw events. A log's lines past the raw retention but inside the
aggregates' build their days' aggregates with the same code, without raw rows (store.write_events
`raw_from`). Visitors over several days are sums of daily unique visitors: the daily keys (keys.py,
destroyed after `visitor_key_hours`) make a cross-day count impossible by design.
"""
