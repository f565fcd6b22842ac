"""The audience dashboard's query layer (staff only; no streamlit here).

periods   presets -> date ranges, comparison range, chart granularity
filters   Filters dataclass and ViewState <-> URL query parameters (whitelisted dimensions)
queries   one function per dashboard block (key figures, time series, breakdowns, realtime)
overview  the whole dashboard in one call (blocks in parallel)
export    CSV of any table, PNG/PDF snapshot of the overview
notes     retention, definitions, dropped bot hits, GeoIP availability

Reads the ingestion layer's tables (storage/migrations/audience/0100_audience.sql); SQL lives in
storage/queries/audience_stats/.
"""
