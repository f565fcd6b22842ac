"""Visits: a visitor's page views on one local day with gaps of at most `session_minutes`.

The rule runs in DuckDB (window functions, storage/queries/audience/rebuild_days.sql) over the
raw events of the days a batch touched: sessions split at midnight because the day is part of
the partition; bounce = a single page view; duration = last - first page view (bounces 0 s).
"""
from __future__ import annotations

from datetime import timedelta

import duckdb
import pyarrow as pa

from storage import load_sql


def _statements() -> list[str]:
    text = load_sql("audience/rebuild_days")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in code.split("\n;\n") if s.strip()]


def rebuild_days(cur: duckdb.DuckDBPyConnection, touched: pa.Table, *, session_minutes: int,
                 timezone: str) -> None:
    """Recompute the aggregates of the (site, day) pairs in `touched` (inside a write)."""
    if touched.num_rows == 0:
        return
    cur.register("touched_days", touched)
    try:
        for sql in _statements():
            params = {}
            if "$gap" in sql:
                params["gap"] = timedelta(minutes=session_minutes)
            if "$tz" in sql:
                params["tz"] = timezone
            cur.execute(sql, params or None)
    finally:
        cur.unregister("touched_days")
