"""Dashboard filters and period as URL query parameters, validated against a whitelist.

Filter values only ever reach SQL as bound parameters; dimension names come from DIMENSIONS
(never from the URL) when they pick a column. A value may be "" (e.g. no campaign, direct).
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from audience.stats.periods import COMPARISONS, PRESETS

# Dimension -> column in daily_visits (None: not a visit column) and in daily_pages.
# Shown (and filterable: the page drops them from the URL otherwise) only when a local GeoIP/ASN
# database is configured (see notes.geo_enabled); without one their columns hold ''.
GEO_DIMENSIONS = ("country", "network")
VISIT_COLUMNS = {"entry": "entry_page", "exit": "exit_page", "channel": "channel", "source": "source",
                 "campaign": "campaign", "browser": "browser", "os": "os", "device": "device",
                 "language": "language", "country": "country", "network": "network"}
PAGE_COLUMNS = {"page": "path", "channel": "channel", "source": "source", "campaign": "campaign",
                "browser": "browser", "os": "os", "device": "device", "language": "language",
                "country": "country", "network": "network"}
DIMENSIONS = ("page", "entry", "exit", "channel", "source", "campaign", "browser", "os", "device", "language",
              *GEO_DIMENSIONS)
MAX_VALUE = 512
PERIOD_KEYS = ("site", "period", "from", "to", "compare")


class FilterError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Filters:
    page: str | None = None
    entry: str | None = None
    exit: str | None = None
    channel: str | None = None
    source: str | None = None
    campaign: str | None = None
    browser: str | None = None
    os: str | None = None
    device: str | None = None
    language: str | None = None
    country: str | None = None
    network: str | None = None

    def active(self) -> dict[str, str]:
        """Dimension -> value of the filters set, in DIMENSIONS order."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}

    def with_value(self, dimension: str, value: str | None) -> Filters:
        if dimension not in DIMENSIONS:
            raise FilterError("audience_stats.error.dimension")
        return replace(self, **{dimension: _clean(value)})

    def without(self, dimension: str) -> Filters:
        return self.with_value(dimension, None)

    def __bool__(self) -> bool:
        return bool(self.active())


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    if len(text) > MAX_VALUE or any(not ch.isprintable() for ch in text):
        raise FilterError("audience_stats.error.filter_value")
    return text


@dataclass(frozen=True)
class ViewState:
    """Everything a shareable dashboard URL carries."""
    site: str | None = None
    period: str = "30d"
    start: date | None = None  # custom only
    end: date | None = None
    compare: str = "previous"
    filters: Filters = Filters()


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def from_query(params: dict[str, Any]) -> ViewState:
    """Query params -> state. Unknown keys are ignored; bad values fall back to defaults."""
    def one(key: str) -> str | None:
        value = params.get(key)
        if isinstance(value, list):
            value = value[-1] if value else None
        return None if value is None else str(value)

    period = one("period") or "30d"
    compare = one("compare") or "previous"
    filters = Filters()
    for dim in DIMENSIONS:
        value = one(dim)
        if value is not None:
            try:
                filters = filters.with_value(dim, value)
            except FilterError:
                continue  # an invalid value in a hand-edited URL is dropped, not an error page
    return ViewState(site=one("site") or None, period=period if period in PRESETS else "30d",
                     start=_date(one("from")), end=_date(one("to")),
                     compare=compare if compare in COMPARISONS else "previous", filters=filters)


def to_query(state: ViewState) -> dict[str, str]:
    """State -> query params (only what differs from the defaults, plus the site)."""
    out: dict[str, str] = {}
    if state.site:
        out["site"] = state.site
    out["period"] = state.period
    if state.period == "custom" and state.start and state.end:
        out["from"], out["to"] = state.start.isoformat(), state.end.isoformat()
    out["compare"] = state.compare
    out.update(state.filters.active())
    return out
