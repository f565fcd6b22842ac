"""The shapes an event takes through the pipeline, and the reasons it may be dropped.

An incoming batch (`RAW_SCHEMA`) still carries the full IP address, in memory only; the stored
batch (`EVENT_SCHEMA`, the columns of audience.events) carries the masked prefix instead.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from enum import StrEnum

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

TS = pa.timestamp("us", tz="UTC")


def timestamps(us: np.ndarray) -> pa.Array:
    """TS array of microseconds since the epoch, without a copy (pa.array(us, TS) converts value by
    value)."""
    return pa.array(np.asarray(us, np.int64)).view(TS)


def repeated(value: str, rows: int) -> pa.DictionaryArray:
    """`value` on every one of `rows` rows, dictionary-encoded (no string per row)."""
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(rows, np.int32)), pa.array([value], pa.string()))


def local_days(ts: pa.Array | pa.ChunkedArray, timezone: str) -> pa.Array | pa.ChunkedArray:
    """The local date of each instant in `timezone`: the `day` of an event, and of a dropped hit."""
    return pc.local_timestamp(ts.cast(pa.timestamp("us", tz=timezone))).cast(pa.date32())

# What the three entry points (collector, app pages, log files) hand to the pipeline.
RAW_SCHEMA = pa.schema([
    ("site", pa.string()),
    ("origin", pa.string()),          # js | app | log
    ("ts", TS),
    ("ip", pa.string()),              # full address: memory only, replaced by ip_prefix
    ("user_agent", pa.string()),
    ("url", pa.string()),             # full URL (js) or request target "/path?query" (app, log)
    ("referrer", pa.string()),
    ("accept_language", pa.string()),
    ("gpc", pa.bool_()),
    ("dnt", pa.bool_()),
    ("consent", pa.string()),         # granted | denied | optout | none (app pages only)
    ("status", pa.int32()),           # HTTP status (log lines only)
    ("method", pa.string()),          # HTTP method (log lines only)
])

# The columns of audience.events (migrations 0100 and 0150; inserted by name, not position).
EVENT_SCHEMA = pa.schema([
    ("site", pa.string()),
    ("ts", TS),
    ("day", pa.date32()),
    ("visitor_id", pa.int64()),
    ("ip_prefix", pa.string()),
    ("origin", pa.string()),
    ("path", pa.string()),
    ("referrer_host", pa.string()),
    ("channel", pa.string()),
    ("source", pa.string()),
    ("utm_medium", pa.string()),
    ("utm_campaign", pa.string()),
    ("browser", pa.string()),
    ("os", pa.string()),
    ("device", pa.string()),
    ("language", pa.string()),
    ("country", pa.string()),         # ISO code from a local GeoIP file, '' when none is configured
    ("network", pa.string()),         # ASN organisation from a local ASN file, '' when none
    ("import_id", pa.string()),
])

# The same columns as the pipeline hands them over: text dictionary-encoded (each distinct value
# once, as the steps computed it), so that the write groups integers, not strings.
CODED_EVENT_SCHEMA = pa.schema([f.with_type(pa.dictionary(pa.int32(), pa.string())) if f.type == pa.string() else f
                                for f in EVENT_SCHEMA])


class Drop(StrEnum):
    """Why an event was not stored; each is counted (metrics, import summary) and, once the event's
    site and day are known (pipeline steps, log rules), stored per site and day in audience.daily_drops.
    The collector's refusals before the pipeline (first group) are counted in the metrics only."""
    # refused by the collector before the pipeline (cheap checks)
    OVERSIZED = "oversized"
    INVALID = "invalid"
    UNKNOWN_SITE = "unknown_site"
    FORBIDDEN_ORIGIN = "forbidden_origin"
    BAD_TEXT = "bad_text"  # text that cannot be stored as UTF-8 (a lone surrogate)
    OVERLOADED = "overloaded"
    # log lines
    UNPARSEABLE = "unparseable"
    ALREADY_IMPORTED = "already_imported"
    NOT_PAGE = "not_page"
    STATIC_ASSET = "static_asset"
    HTTP_ERROR = "http_error"
    REDIRECT = "redirect"
    LINE_TOO_LONG = "line_too_long"  # over logfile.MAX_LINE_BYTES: skipped unread
    UNKNOWN_HOST = "unknown_host"  # a virtual host that is no site's (or not the given site's)
    ALREADY_AGGREGATED = "already_aggregated"  # a day past the raw retention whose aggregates exist
    # every origin
    EXPIRED = "expired"
    FUTURE = "future"
    GPC = "gpc"
    DNT = "dnt"
    NO_CONSENT = "no_consent"
    OPTED_OUT = "opted_out"
    EXCLUDED_IP = "excluded_ip"
    BOT = "bot"
    UNPROCESSABLE = "unprocessable"  # made the pipeline raise alone, flush after flush (audience.buffer)


DROPS_SCHEMA = pa.schema([("site", pa.string()), ("day", pa.date32()), ("reason", pa.string()),
                          ("hits", pa.int64())])


class Drops(Counter):
    """Dropped hits per reason (what the metrics and import summaries count) and, in `daily`, per
    (site, local day, reason) for the hits whose site and day are known: the rows added to
    audience.daily_drops in the same transaction as the batch's events."""

    def __init__(self, *args, **kwargs) -> None:
        self.daily: Counter[tuple[str, date, str]] = Counter()
        super().__init__(*args, **kwargs)

    def update(self, other=None, /, **kwargs) -> None:
        super().update(other, **kwargs)
        if isinstance(other, Drops):
            self.daily.update(other.daily)

    def add_rows(self, rows: pa.Table, reason: str) -> None:
        """Count `rows` (the dropped ones, with columns site and day) per site and day."""
        if "site" not in rows.column_names or "day" not in rows.column_names:
            return
        groups = rows.select(["site", "day"]).group_by(["site", "day"]).aggregate([([], "count_all")])
        for site, day, n in zip(groups["site"].to_pylist(), groups["day"].to_pylist(),
                                groups["count_all"].to_pylist(), strict=True):
            if site is not None and day is not None and n:
                self.daily[(site, day, str(reason))] += n

    def daily_table(self) -> pa.Table:
        keys = [k for k, n in self.daily.items() if n > 0]
        return pa.table({"site": [k[0] for k in keys], "day": [k[1] for k in keys], "reason": [k[2] for k in keys],
                         "hits": [self.daily[k] for k in keys]}, schema=DROPS_SCHEMA)


def raw_batch(rows: list[dict]) -> pa.Table:
    """Build a raw batch from dicts (collector and app pages); missing keys are null."""
    return pa.Table.from_pylist(rows, schema=RAW_SCHEMA)
