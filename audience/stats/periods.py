"""Period presets -> date ranges, the comparison range, and the chart granularity.

Dates are local days of the audience time zone ([audience] timezone), the same days the
aggregates are keyed by. Ranges are inclusive on both ends.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from audience.config import months_before

PRESETS = ("today", "yesterday", "7d", "30d", "month", "12mo", "all", "custom")
COMPARISONS = ("none", "previous", "year")
GRANULARITIES = ("hour", "day", "week", "month")


class PeriodError(ValueError):
    """Unknown preset or impossible custom range; `.key` is an i18n key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Period:
    preset: str
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def iso(self) -> tuple[str, str]:
        return self.start.isoformat(), self.end.isoformat()


def resolve(preset: str, today: date, *, oldest: date, start: date | None = None,
            end: date | None = None) -> Period:
    """The date range of a preset. `oldest` = first day the aggregates still hold ("all")."""
    if preset == "today":
        return Period(preset, today, today)
    if preset == "yesterday":
        day = today - timedelta(days=1)
        return Period(preset, day, day)
    if preset == "7d":
        return Period(preset, today - timedelta(days=6), today)
    if preset == "30d":
        return Period(preset, today - timedelta(days=29), today)
    if preset == "month":
        return Period(preset, today.replace(day=1), today)
    if preset == "12mo":
        return Period(preset, months_before(today, 12) + timedelta(days=1), today)
    if preset == "all":
        return Period(preset, min(oldest, today), today)
    if preset == "custom":
        if start is None or end is None:
            raise PeriodError("audience_stats.error.custom_dates")
        if start > end:
            start, end = end, start
        # Nothing exists before the retention limit or after today: clamp rather than refuse.
        start, end = max(start, oldest), min(end, today)
        if start > end:
            raise PeriodError("audience_stats.error.custom_dates")
        return Period(preset, start, end)
    raise PeriodError("audience_stats.error.period")


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def comparison(period: Period, mode: str) -> Period | None:
    """The range to compare with: the same length just before, or the same dates a year earlier."""
    if mode == "none":
        return None
    if mode == "previous":
        end = period.start - timedelta(days=1)
        return Period("compare", end - timedelta(days=period.days - 1), end)
    if mode == "year":
        return Period("compare", _shift_year(period.start, -1), _shift_year(period.end, -1))
    raise PeriodError("audience_stats.error.comparison")


def granularity(period: Period) -> str:
    """Hours for one or two days, days up to two months, weeks up to half a year, then months."""
    if period.days <= 2:
        return "hour"
    if period.days <= 62:
        return "day"
    if period.days <= 190:
        return "week"
    return "month"


def buckets(period: Period, grain: str) -> list[date]:
    """Every bucket start of the range (so empty buckets show as 0 in the chart)."""
    if grain == "hour":
        return [period.start]
    out: list[date] = []
    cur = bucket_start(period.start, grain)
    while cur <= period.end:
        out.append(cur)
        if grain == "day":
            cur += timedelta(days=1)
        elif grain == "week":
            cur += timedelta(days=7)
        else:
            cur = date(cur.year + cur.month // 12, cur.month % 12 + 1, 1)
    return out


def bucket_start(day: date, grain: str) -> date:
    if grain == "week":
        return day - timedelta(days=day.weekday())  # ISO weeks start on Monday (date_trunc too)
    if grain == "month":
        return day.replace(day=1)
    return day
