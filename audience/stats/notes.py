"""What the data is: retention (oldest day kept, next expiry), definitions, dropped bot hits.

Dropped bot hits come from audience.daily_drops (written with each batch, per site, day and
reason; expired with the aggregates), for the selected site and period.

Periods come from privacy/organisation.toml ([retention], via audience.config) so this note,
the privacy policy and the expiry job state the same durations.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from accounts import User, require
from audience import geo
from audience.config import load_config
from audience.stats import store
from audience.stats.periods import Period
from config.organisation import get_organisation

# [audience] keys naming local database files (MaxMind/DB-IP .mmdb): see audience.geo.
GEO_KEYS = geo.GEO_KEYS
# Dropped hits per site, day and reason (migration 0150).


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
    bot_hits: int | None         # dropped bot hits of the site (over the period when one is given)


def geo_files() -> dict[str, Path]:
    """Dimension -> configured local database file that exists (none configured: no geo blocks).

    The same [audience] settings the ingestion step `put_geo` reads (config.organisation)."""
    return geo.configured_files(get_organisation().audience)


def geo_enabled() -> bool:
    return bool(geo_files())


def bot_hits(site: str, period: Period | None = None) -> int:
    """Bot hits dropped for `site` (on the period's days, or every day still kept)."""
    return store.bot_hits(site, period.start if period else None, period.end if period else None)


def data_note(actor: User | None, site: str, *, now: datetime | None = None,
              period: Period | None = None) -> DataNote:
    """The note under the dashboard; bot hits over `period` (None: every day kept)."""
    require(actor, "staff")
    config = load_config()
    now = now or datetime.now(UTC)
    cutoff = config.aggregates_cutoff(now)
    tomorrow = config.local_day(now) + timedelta(days=1)
    next_cutoff = config.aggregates_cutoff(datetime.combine(tomorrow, time(12), tzinfo=config.tz))
    first_day = store.first_day(site)
    return DataNote(
        timezone=config.settings.timezone, session_minutes=config.settings.session_minutes,
        visitor_key_hours=config.retention.visitor_key_hours,
        aggregates_months=config.retention.audience_aggregates_months,
        events_months=config.retention.audience_events_months,
        oldest_kept=cutoff, oldest_present=first_day, raw_oldest_kept=config.events_cutoff(now),
        # the days before next_cutoff go at the next local midnight (at least the oldest one kept)
        next_expiry_day=max(cutoff, next_cutoff - timedelta(days=1)),
        next_expiry_at=datetime.combine(tomorrow, time(0), tzinfo=config.tz),
        bot_hits=bot_hits(site, period))
