"""What the data is: retention (oldest day kept, next expiry), definitions, dropped bot hits.

Periods come from privacy/organisation.toml ([retention], via audience.config) so this note,
the privacy policy and the expiry job state the same durations.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from accounts import User, require
from audience import metrics
from audience.config import load_config
from config.organisation import get_organisation
from storage import get_db

# [audience] keys naming local database files (MaxMind/DB-IP .mmdb); read only here, see geo_files.
GEO_KEYS = {"country": "geoip_database", "network": "asn_database"}
# The table the dashboard would read stored drop counts from, if the ingestion layer keeps one.
DROPS_TABLE = "daily_drops"


@dataclass(frozen=True)
class DataNote:
    timezone: str
    session_minutes: int
    visitor_key_hours: int
    aggregates_months: int
    events_months: int
    oldest_kept: date            # first day the daily aggregates may still hold
    oldest_present: date | None  # first day they actually hold (this site)
    raw_oldest_kept: date        # first day of raw events (realtime, hours with filters)
    next_expiry_day: date        # the day deleted next ...
    next_expiry_at: datetime     # ... at this moment (next local midnight; expiry runs with each write)
    bot_hits: int | None         # dropped bot hits (see bot_hits_scope)
    bot_hits_scope: str          # "stored" (per site, from a table) | "process" (since the server started)


def geo_files() -> dict[str, Path]:
    """Dimension -> configured local database file that exists (none configured: no geo blocks)."""
    section = get_organisation().raw.get("audience", {})
    out = {}
    for dim, key in GEO_KEYS.items():
        value = section.get(key)
        if isinstance(value, str) and value and Path(value).is_file():
            out[dim] = Path(value)
    return out


def geo_enabled() -> bool:
    return bool(geo_files())


def _stored_bot_hits(site: str) -> int | None:
    exists = get_db().query_one("SELECT count(*) FROM information_schema.tables WHERE table_catalog = 'audience' "
                                "AND table_name = ?", [DROPS_TABLE])
    if not exists or not exists[0]:
        return None
    row = get_db().query_one(f"SELECT sum(hits) FROM audience.{DROPS_TABLE} WHERE site = ? AND reason = 'bot'",
                             [site])
    return int(row[0] or 0) if row else 0


def _process_bot_hits() -> int:
    return int(metrics.snapshot().get("audience_events_dropped_total{reason=bot}", 0))


def data_note(actor: User | None, site: str, *, now: datetime | None = None) -> DataNote:
    require(actor, "staff")
    config = load_config()
    now = now or datetime.now(UTC)
    cutoff = config.aggregates_cutoff(now)
    tomorrow = config.local_day(now) + timedelta(days=1)
    next_cutoff = config.aggregates_cutoff(datetime.combine(tomorrow, time(12), tzinfo=config.tz))
    row = get_db().query_one("SELECT min(day) FROM audience.daily_dimensions WHERE site = ? AND dimension = 'total'",
                             [site])
    stored = _stored_bot_hits(site)
    return DataNote(
        timezone=config.settings.timezone, session_minutes=config.settings.session_minutes,
        visitor_key_hours=config.retention.visitor_key_hours,
        aggregates_months=config.retention.audience_aggregates_months,
        events_months=config.retention.audience_events_months,
        oldest_kept=cutoff, oldest_present=row[0] if row else None, raw_oldest_kept=config.events_cutoff(now),
        # the days before next_cutoff go at the next local midnight (at least the oldest one kept)
        next_expiry_day=max(cutoff, next_cutoff - timedelta(days=1)),
        next_expiry_at=datetime.combine(tomorrow, time(0), tzinfo=config.tz),
        bot_hits=stored if stored is not None else _process_bot_hits(),
        bot_hits_scope="stored" if stored is not None else "process")
