"""The one write of the audience data: insert a batch and its drop counts, refresh its days'
aggregates, expire.

The aggregates of a (site, day) are recomputed from all its page views (daily.py): those already
stored, read before the insert, and the batch's, taken from memory rather than read back.
Expiry runs on every batch (not only in a nightly job), so nothing outlives its retention by more
than the time between two batches.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from audience import visits
from audience.config import AudienceConfig
from audience.daily import AGGREGATES, DailyRebuild
from audience.event import CODED_EVENT_SCHEMA, EVENT_SCHEMA, Drops
from storage import Database, insert_arrow, load_sql

# Kept [retention] audience_aggregates_months (daily_drops: dropped hits per site, day and reason).
AGGREGATE_TABLES = (*AGGREGATES, "daily_drops")
_VISIT_SCHEMA = pa.schema([EVENT_SCHEMA.field(name) for name in visits.COLUMNS])
_DAYS_SCHEMA = pa.schema([EVENT_SCHEMA.field("site"), EVENT_SCHEMA.field("day")])
# Drop counts are added to the day's existing row (several batches a day), else inserted.
_ADD_DROPS = ("audience/drops_add_existing", "audience/drops_add_new")


def _named(query: str, table: str) -> str:
    """A query of storage/queries/audience/ for one of AGGREGATE_TABLES (the only names put in the text)."""
    if table not in AGGREGATE_TABLES and table != "events":
        raise ValueError(f"not an audience table: {table!r}")
    return load_sql(query).format(table=table)


def touched_days(events: pa.Table) -> pa.Table:
    return events.select(["site", "day"]).group_by(["site", "day"]).aggregate([])


def write_events(db: Database, events: pa.Table, config: AudienceConfig, now: datetime, *,
                 rebuild: pa.Table | None = None,
                 also: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
                 drops: Drops | None = None, raw_from: date | None = None) -> int:
    """Insert `events` (EVENT_SCHEMA) and the batch's drop counts per site and day (`drops.daily`),
    rebuild days, delete what is past retention, in one transaction; the number of events.

    `rebuild` = the (site, day) pairs to recompute (the buffer delays today's); by default every
    day the batch touched. Batch days not in `rebuild` are only inserted. `raw_from`: events of
    earlier days (a log's history, past the raw retention) build their days' aggregates with the
    same code as the others, but are not inserted.
    """
    events = _in_time_order(_storable(events))
    inserted = events if raw_from is None else events.filter(pc.greater_equal(events["day"],
                                                                             pa.scalar(raw_from, pa.date32())))
    days = (touched_days(events) if rebuild is None else rebuild.select(["site", "day"])).cast(_DAYS_SCHEMA)
    fresh = events.select(visits.COLUMNS)
    if rebuild is not None:
        fresh = fresh.join(days, keys=["site", "day"], join_type="left semi")
    dropped = drops.daily_table() if drops is not None else None
    settings = config.settings

    def work(cur: duckdb.DuckDBPyConnection) -> int:
        stored = stored_events(cur, days)  # before the insert: the batch's own rows are in `fresh`
        with DailyRebuild(days, pa.concat_tables([stored.cast(fresh.schema), fresh]),
                          session_minutes=settings.session_minutes, timezone=settings.timezone) as daily:
            # Registered tables are unregistered on success only: after an error the transaction is
            # aborted, unregistering would fail and hide the error (the cursor is closed with the write).
            if inserted.num_rows:  # while the aggregates are computed on the rebuild's thread
                insert_arrow(cur, "audience.events", inserted)
            if dropped is not None and dropped.num_rows:
                cur.register("drops_batch", dropped)
                for query in _ADD_DROPS:
                    cur.execute(load_sql(query))
                cur.unregister("drops_batch")
            _replace_days(cur, days, daily)
        if also is not None:
            also(cur)
        expire(cur, config, now)
        return events.num_rows

    return db.write(work)


def aggregated_days(db: Database, days: pa.Table) -> pa.Table:
    """Those of the (site, day) pairs `days` that have daily aggregates (columns site, day)."""
    if days.num_rows == 0:
        return days
    days = days.cast(_DAYS_SCHEMA)

    with db.cursor() as cur:  # a private cursor: the registered table is its own
        cur.register("days_asked", days)
        return cur.sql(load_sql("audience/aggregated_days")).to_arrow_table().cast(_DAYS_SCHEMA)


def stored_events(cur: duckdb.DuckDBPyConnection, days: pa.Table) -> pa.Table:
    """The stored page views of the (site, day) pairs `days` (columns visits.COLUMNS)."""
    if days.num_rows == 0:
        return _VISIT_SCHEMA.empty_table()
    span = pc.min_max(days["day"])
    cur.register("days_to_read", days)
    rows = cur.sql(load_sql("audience/stored_events").format(columns=", ".join(visits.COLUMNS)),
                   params=[span["min"].as_py(), span["max"].as_py()]).to_arrow_table()
    cur.unregister("days_to_read")
    return rows.cast(_VISIT_SCHEMA)


def _replace_days(cur: duckdb.DuckDBPyConnection, days: pa.Table, daily: DailyRebuild) -> None:
    """Delete the aggregates of the (site, day) pairs `days`, insert the rebuilt ones (inside the write)."""
    if days.num_rows == 0:
        return
    span = pc.min_max(days["day"])
    cur.register("rebuilt_days", days)  # unregistered on success only, as in write_events
    for table in AGGREGATES:
        cur.execute(_named("audience/rebuilt_days_delete", table), [span["min"].as_py(), span["max"].as_py()])
    cur.unregister("rebuilt_days")
    for table, rows in daily.results():
        insert_arrow(cur, f"audience.{table}", rows)


def _storable(events: pa.Table) -> pa.Table:
    """`events` with EVENT_SCHEMA's types, except that dictionary-encoded text stays encoded (the
    pipeline's output): DuckDB inserts it as it is and the aggregates group by its codes, where
    decoding it first would cost a copy of every text column."""
    fields = [coded if events.schema.field(field.name).type == coded.type else field
              for field, coded in zip(EVENT_SCHEMA, CODED_EVENT_SCHEMA, strict=True)]
    return events.select(EVENT_SCHEMA.names).cast(pa.schema(fields))


def _in_time_order(events: pa.Table) -> pa.Table:
    """The batch in time order, as it usually comes already (the day's zone maps stay narrow)."""
    ts = pc.cast(events["ts"], pa.int64()).to_numpy()
    if np.any(ts[1:] < ts[:-1]):
        return events.take(pc.sort_indices(events["ts"]))
    return events


def earlier_imports(db: Database, site: str, max_bytes: int) -> list[tuple[int, str, str | None]]:
    """(bytes, digest, head_digest) of the site's imported logs of at most max_bytes, smallest first."""
    return db.query(load_sql("audience/earlier_imports"), [site, max_bytes])


def record_import(cur: duckdb.DuckDBPyConnection, import_id: str, site: str, digest: str, head_digest: str,
                  size: int, lines: int, stored: int) -> None:
    """What a log import covered (inside its write)."""
    cur.execute(load_sql("audience/log_import_add"), [import_id, site, digest, head_digest, size, lines, stored])


def row_counts(db: Database) -> dict[str, int]:
    """Rows of the raw events and of each aggregate table (what the retention report counts)."""
    return {t: db.query_one(_named("audience/row_count", t))[0] for t in ("events", *AGGREGATE_TABLES)}


def expire(cur: duckdb.DuckDBPyConnection, config: AudienceConfig, now: datetime) -> None:
    """Delete raw events and aggregates older than their retention (called inside a write)."""
    cur.execute(load_sql("audience/events_expire"), [config.events_cutoff(now)])
    agg_cutoff = config.aggregates_cutoff(now)
    for table in AGGREGATE_TABLES:
        cur.execute(_named("audience/aggregate_expire", table), [agg_cutoff])
    cur.execute(load_sql("audience/log_imports_expire"), [agg_cutoff])
