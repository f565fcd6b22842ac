"""The audience settings in one object: [audience] and [retention] from privacy/organisation.toml."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from config.organisation import AudienceSettings, Retention, get_organisation


def months_before(day: date, months: int) -> date:
    """Same day-of-month `months` earlier (clamped to the month's last day)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for dom in (day.day, 30, 29, 28):
        try:
            return date(year, month, dom)
        except ValueError:
            continue
    raise ValueError(day)


@dataclass(frozen=True)
class AudienceConfig:
    settings: AudienceSettings
    retention: Retention

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    def local_day(self, now: datetime) -> date:
        return now.astimezone(self.tz).date()

    def events_cutoff(self, now: datetime) -> date:
        """Raw events of days before this are deleted (and not accepted)."""
        months = min(self.retention.audience_events_months, self.retention.audience_aggregates_months)
        return months_before(self.local_day(now), months)

    def aggregates_cutoff(self, now: datetime) -> date:
        """Daily aggregates of days before this are deleted."""
        return months_before(self.local_day(now), self.retention.audience_aggregates_months)


def load_config() -> AudienceConfig:
    """Read (and validate: CNIL limits in exempt mode) the organisation file's settings."""
    org = get_organisation()
    return AudienceConfig(settings=org.audience, retention=org.retention)
