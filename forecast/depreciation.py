"""Straight-line depreciation, prorata temporis from the date of service (reference §4.8).

Market practice: a 360-day year of 30-day months (a machine in service on 15 April uses 16 days of April,
so 256 days to 31 December). An exercice longer or shorter than 12 months gets its days, not a year.
"""
from __future__ import annotations

from datetime import date, timedelta

from forecast.model import add_months


def days360(start: date, end: date) -> int:
    """Days of use from `start` to `end` (a month end) inclusive, 30 days a month; 0 when end < start."""
    if end < start:
        return 0
    return (end.year - start.year) * 360 + (end.month - start.month) * 30 + 30 - min(start.day, 30) + 1


def dotations(base: float, years: int | None, in_service: date, period_ends: list[date]) -> list[float]:
    """The dotation of each period ending at `period_ends` (month ends, in order; the first period starts at
    or before the date of service), capped at the base. Not depreciated (years None): zeros."""
    if not years or base <= 0:
        return [0.0] * len(period_ends)
    yearly = base / years
    out, done = [], 0.0
    for end in period_ends:
        cumulated = min(base, yearly * days360(in_service, end) / 360)
        out.append(max(0.0, cumulated - done))
        done = max(done, cumulated)
    return out


def full_schedule(base: float, years: int | None, in_service: date, first_end: date) -> list[tuple[date, float]]:
    """(closing date, dotation) from the exercice ending at `first_end` until fully depreciated, one
    12-month exercice after another."""
    if not years or base <= 0:
        return []
    ends = [first_end]
    while days360(in_service, ends[-1]) < years * 360:
        ends.append(add_months(ends[-1].replace(day=1), 13) - timedelta(days=1))
    return list(zip(ends, dotations(base, years, in_service, ends), strict=True))
