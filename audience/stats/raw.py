"""Visits rebuilt from the raw events for the dashboard's filter combinations that no aggregate
answers, by the one visit rule (audience.visits), as two tables the named SQL queries run over:
`raw_all_visits` (one row per visit) and `raw_hits` (visit_no, path: one row per page view)."""
from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from audience import visits
from audience.event import TS, timestamps

VISITS_SCHEMA = pa.schema([
    ("day", pa.date32()), ("visitor_id", pa.int64()), ("visit_no", pa.int64()), ("started", TS),
    ("pageviews", pa.int64()), ("duration_s", pa.int64()), ("entry_page", pa.string()), ("exit_page", pa.string()),
    *((column, pa.string()) for column in visits.DIMENSION_COLUMNS.values()),
    ("has_page", pa.bool_()),      # the visit saw the filtered page (always, without a page filter)
    ("page_views", pa.int64()),    # its views of the filtered page (all its views, without one)
])
HITS_SCHEMA = pa.schema([("visit_no", pa.int64()), ("path", pa.string())])


def register_visits(cur: duckdb.DuckDBPyConnection, events: pa.Table, page: str | None, *,
                    session_minutes: int, timezone: str) -> None:
    """Register raw_all_visits and raw_hits on `cur`, from `events` (the raw page views of a site's
    days, columns visits.COLUMNS)."""
    all_visits, hits = VISITS_SCHEMA.empty_table(), HITS_SCHEMA.empty_table()
    if events.num_rows:
        v = visits.split_visits(events, session_minutes=session_minutes, timezone=timezone)
        first = v.first_hit
        is_page = np.array([page is None or value == page for value in v.path.values.to_pylist()])[v.path.codes]
        page_views = np.bincount(v.hit_visit, weights=is_page, minlength=len(first)).astype(np.int64)
        all_visits = pa.table({
            "day": v.days["day"].take(pa.array(v.hit_day[first])),
            "visitor_id": v.hit_visitor[first],  # a number per (site, day, visitor): counts distinct visitors
            "visit_no": np.arange(len(first)), "started": timestamps(v.started_us),
            "pageviews": v.pageviews, "duration_s": v.duration_s,
            "entry_page": v.path.decode(v.path.codes[first]), "exit_page": v.path.decode(v.path.codes[v.last_hit]),
            **{visits.DIMENSION_COLUMNS[name]: coded.decode(coded.codes) for name, coded in v.dimensions.items()},
            "has_page": page_views > 0, "page_views": page_views,
        }).cast(VISITS_SCHEMA)
        hits = pa.table({"visit_no": v.hit_visit, "path": v.path.decode(v.path.codes)}).cast(HITS_SCHEMA)
    cur.register("raw_all_visits", all_visits)
    cur.register("raw_hits", hits)
