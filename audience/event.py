"""The shapes an event takes through the pipeline, and the reasons it may be dropped.

An incoming batch (`RAW_SCHEMA`) still carries the full IP address, in memory only; the stored
batch (`EVENT_SCHEMA`, the columns of audience.events) carries the masked prefix instead.
"""
from __future__ import annotations

from enum import StrEnum

import pyarrow as pa

TS = pa.timestamp("us", tz="UTC")

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

# The columns of audience.events (storage/migrations/audience/0100_audience.sql), in order.
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
    ("import_id", pa.string()),
])


class Drop(StrEnum):
    """Why an event was not stored; each is counted (metrics, import summary)."""
    # refused by the collector before the pipeline (cheap checks)
    OVERSIZED = "oversized"
    INVALID = "invalid"
    UNKNOWN_SITE = "unknown_site"
    FORBIDDEN_ORIGIN = "forbidden_origin"
    OVERLOADED = "overloaded"
    # log lines
    UNPARSEABLE = "unparseable"
    ALREADY_IMPORTED = "already_imported"
    NOT_PAGE = "not_page"
    STATIC_ASSET = "static_asset"
    HTTP_ERROR = "http_error"
    REDIRECT = "redirect"
    # every origin
    EXPIRED = "expired"
    FUTURE = "future"
    GPC = "gpc"
    DNT = "dnt"
    NO_CONSENT = "no_consent"
    OPTED_OUT = "opted_out"
    EXCLUDED_IP = "excluded_ip"
    BOT = "bot"


def empty_raw() -> pa.Table:
    return RAW_SCHEMA.empty_table()


def raw_batch(rows: list[dict]) -> pa.Table:
    """Build a raw batch from dicts (collector and app pages); missing keys are null."""
    return pa.Table.from_pylist(rows, schema=RAW_SCHEMA)
