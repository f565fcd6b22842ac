"""What a visit is: the one place that says it (the daily aggregates are built on it, daily.py).

A visit is a run of page views of one visitor, on one site and one local day, in which no two
consecutive page views are more than `session_minutes` apart (30 by default: a gap of exactly 30
minutes continues the visit, 30 min and 1 µs starts a new one). The local day is part of the key,
so a visit going on past midnight is split in two and every day stands on its own.

Page views are taken in time order; those of the same instant by path, channel, source, campaign
(then the other visit dimensions), so the same data always gives the same entry page and the same
attribution. A visit takes the channel, source, campaign, browser, os, device, language, country
and network of its first page view (as GA4 and Plausible attribute a visit). Its entry page is its
first page, its exit page its last; a bounce is a one-page visit. Time on page = time to the next
page view of the same visit (0 for the last); duration = last - first page view (0 for a bounce);
both in whole seconds (rounded to the nearest, an exact half to the even second). A visit's hour
is the local hour of its first page view.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from audience.grouping import Coded, encode

# Dimensions of a visit: those of its first page view (columns of audience.events).
VISIT_DIMENSIONS = ("channel", "source", "utm_campaign", "browser", "os", "device", "language", "country", "network")
# Their column names in the aggregate tables and the dashboard's queries (utm_campaign is called campaign there).
DIMENSION_COLUMNS = {name: "campaign" if name == "utm_campaign" else name for name in VISIT_DIMENSIONS}
# The order of page views: a visitor's, by time; those of the same instant by path, then the dimensions.
ORDER = ("site", "day", "visitor_id", "ts", "path", *VISIT_DIMENSIONS)
COLUMNS = ORDER  # the columns of audience.events the visits are made of
_US = 1_000_000


@dataclass(frozen=True)
class Visits:
    """The page views of some (site, day) pairs in visit order, and their visits, as arrays."""
    days: pa.Table                # the (site, day) pairs: columns site, day
    hit_day: np.ndarray           # per page view: row of `days`
    hit_visitor: np.ndarray       # per page view: visitor number (one visitor's page views are consecutive)
    hit_visit: np.ndarray         # per page view: visit number (one visit's page views are consecutive)
    path: Coded                   # per page view
    time_on_page: np.ndarray      # per page view: seconds
    first_hit: np.ndarray         # per visit: its first page view
    last_hit: np.ndarray          # per visit: its last page view
    duration_s: np.ndarray        # per visit
    started_us: np.ndarray        # per visit: time of its first page view, µs since the epoch (UTC)
    hour: np.ndarray              # per visit: local hour of its first page view, 0..23
    dimensions: dict[str, Coded]  # per visit: VISIT_DIMENSIONS (of its first page view)

    @property
    def pageviews(self) -> np.ndarray:
        """Per visit: its number of page views."""
        return self.last_hit - self.first_hit + 1


def split_visits(events: pa.Table, *, session_minutes: int, timezone: str) -> Visits:
    """The visits of `events` (at least COLUMNS, not empty; every page view of the days they cover)."""
    coded = {name: encode(events[name]) for name in ("site", "path", *VISIT_DIMENSIONS)}
    keys = pa.table({name: coded[name].ranks() if name in coded else events[name] for name in ORDER})
    order = pc.sort_indices(keys, sort_keys=[(name, "ascending") for name in ORDER]).to_numpy()
    site = coded["site"].take(order)
    day = pc.cast(events["day"], pa.int32()).to_numpy()[order]
    visitor = events["visitor_id"].to_numpy()[order]
    ts = pc.cast(events["ts"], pa.int64()).to_numpy()[order]  # µs since the epoch (UTC)

    first_of_day = _changes(site.codes) | _changes(day)            # first page view of its (site, day)
    first_of_visitor = first_of_day | _changes(visitor)             # ... of its visitor on that site and day
    gap = np.diff(ts, prepend=ts[:1])                               # µs since the previous page view
    starts_visit = starts_a_visit(first_of_visitor, gap, session_minutes)

    first_hit = np.flatnonzero(starts_visit)
    last_hit = np.append(first_hit[1:] - 1, len(ts) - 1)
    next_gap = np.append(gap[1:], 0)
    next_gap[last_hit] = 0
    day_starts = np.flatnonzero(first_of_day)
    days = pa.table({"site": site.decode(site.codes[day_starts]),
                     "day": pa.array(day[day_starts], pa.int32()).cast(pa.date32())})
    return Visits(days=days, hit_day=np.cumsum(first_of_day) - 1, hit_visitor=np.cumsum(first_of_visitor) - 1,
                  hit_visit=np.cumsum(starts_visit) - 1, path=coded["path"].take(order),
                  time_on_page=_seconds(next_gap), first_hit=first_hit, last_hit=last_hit,
                  duration_s=_seconds(ts[last_hit] - ts[first_hit]), started_us=ts[first_hit],
                  hour=_local_hour(ts[first_hit], timezone),
                  dimensions={name: coded[name].take(order[first_hit]) for name in VISIT_DIMENSIONS})


def starts_a_visit(first_of_visitor: np.ndarray, gap_us: np.ndarray, session_minutes: int) -> np.ndarray:
    """THE visit rule, on page views in ORDER: a page view starts a visit when it is its visitor's first
    on the site that (local) day, or comes more than `session_minutes` after the visitor's previous one."""
    return first_of_visitor | (gap_us > session_minutes * 60 * _US)


def _changes(values: np.ndarray) -> np.ndarray:
    """True where a row differs from the previous one (and on the first row)."""
    out = np.ones(len(values), bool)
    np.not_equal(values[1:], values[:-1], out=out[1:])
    return out


def _seconds(microseconds: np.ndarray) -> np.ndarray:
    """Whole seconds, rounded to the nearest; an exact half to the even one (as DuckDB casts DOUBLE to BIGINT)."""
    return np.rint(microseconds / _US).astype(np.int64)


def _local_hour(ts: np.ndarray, timezone: str) -> np.ndarray:
    """Local hour of each instant, with zoneinfo (as the local day: AudienceConfig.local_day). UTC
    offsets change on a quarter hour at most (DST, UTC+5:45...): each distinct quarter hour is converted once."""
    quarters, inverse = np.unique(ts // (900 * _US), return_inverse=True)
    zone = ZoneInfo(timezone)
    hours = [datetime.fromtimestamp(quarter * 900, zone).hour for quarter in quarters.tolist()]
    return np.array(hours, np.int32)[inverse]
