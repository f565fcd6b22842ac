"""The one write of the audience data: insert a batch and its drop counts, refresh its days'
aggregates, expire.

Expiry runs on every batch (not only in a nightly job), so nothing outlives its retention by more
than the time between two batches.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import duckdb
import pyarrow as pa

from audience.config import AudienceConfig
from audience.event import EVENT_SCHEMA, Drops
from audience.sessions import rebuild_days
from storage import Database

# Kept [retention] audience_aggregates_months (daily_drops: dropped hits per site, day and reason).
AGGREGATE_TABLES = ("daily_dimensions", "daily_visits", "daily_pages", "daily_drops")
_COLUMNS = ", ".join(EVENT_SCHEMA.names)
# Drop counts are added to the day's existing row (several batches a day), else inserted.
_ADD_DROPS = (
    "UPDATE audience.daily_drops d SET hits = d.hits + b.hits FROM drops_batch b "
    "WHERE d.site = b.site AND d.day = b.day AND d.reason = b.reason",
    "INSERT INTO audience.daily_drops (site, day, reason, hits) SELECT site, day, reason, hits FROM drops_batch b "
    "WHERE NOT EXISTS (SELECT 1 FROM audience.daily_drops d WHERE d.site = b.site AND d.day = b.day "
    "AND d.reason = b.reason)",
)


def touched_days(events: pa.Table) -> pa.Table:
    return events.select(["site", "day"]).group_by(["site", "day"]).aggregate([])


def write_events(db: Database, events: pa.Table, config: AudienceConfig, now: datetime, *,
                 rebuild: pa.Table | None = None,
                 also: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
                 drops: Drops | None = None) -> int:
    """Insert `events` (EVENT_SCHEMA) and the batch's drop counts per site and day (`drops.daily`),
    rebuild days, delete what is past retention, in one transaction.

    `rebuild` = the (site, day) pairs to recompute; by default every day the batch touched.
    """
    events = events.cast(EVENT_SCHEMA)
    events = events.sort_by([("site", "ascending"), ("ts", "ascending")])
    days = touched_days(events) if rebuild is None else rebuild
    dropped = drops.daily_table() if drops is not None else None

    def work(cur: duckdb.DuckDBPyConnection) -> int:
        if events.num_rows:
            cur.register("batch", events)
            try:
                cur.execute(f"INSERT INTO audience.events ({_COLUMNS}) SELECT {_COLUMNS} FROM batch")
            finally:
                cur.unregister("batch")
        if dropped is not None and dropped.num_rows:
            cur.register("drops_batch", dropped)
            try:
                for sql in _ADD_DROPS:
                    cur.execute(sql)
            finally:
                cur.unregister("drops_batch")
        rebuild_days(cur, days, session_minutes=config.settings.session_minutes, timezone=config.settings.timezone)
        if also is not None:
            also(cur)
        expire(cur, config, now)
        return events.num_rows

    return db.write(work)


def expire(cur: duckdb.DuckDBPyConnection, config: AudienceConfig, now: datetime) -> None:
    """Delete raw events and aggregates older than their retention (called inside a write)."""
    cur.execute("DELETE FROM audience.events WHERE day < ?", [config.events_cutoff(now)])
    agg_cutoff = config.aggregates_cutoff(now)
    for table in AGGREGATE_TABLES:
        cur.execute(f"DELETE FROM audience.{table} WHERE day < ?", [agg_cutoff])
    cur.execute("DELETE FROM audience.log_imports WHERE imported_at < ?", [agg_cutoff])

