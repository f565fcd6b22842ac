"""Period presets, comparisons, granularity; filters <-> URL query parameters."""
from __future__ import annotations

from datetime import date

import pytest

from audience.stats.filters import FilterError, Filters, ViewState, from_query, to_query
from audience.stats.periods import Period, PeriodError, buckets, comparison, granularity, resolve

TODAY = date(2026, 3, 15)
OLDEST = date(2024, 1, 15)


@pytest.mark.parametrize(("preset", "start", "end"), [
    ("today", date(2026, 3, 15), date(2026, 3, 15)),
    ("yesterday", date(2026, 3, 14), date(2026, 3, 14)),
    ("7d", date(2026, 3, 9), date(2026, 3, 15)),
    ("30d", date(2026, 2, 14), date(2026, 3, 15)),
    ("month", date(2026, 3, 1), date(2026, 3, 15)),
    ("12mo", date(2025, 3, 16), date(2026, 3, 15)),
    ("all", OLDEST, TODAY),
])
def test_presets(preset, start, end):
    period = resolve(preset, TODAY, oldest=OLDEST)
    assert (period.start, period.end) == (start, end)


def test_custom_is_ordered_and_clamped_to_what_is_kept():
    p = resolve("custom", TODAY, oldest=OLDEST, start=date(2026, 4, 1), end=date(2023, 1, 1))
    assert (p.start, p.end) == (OLDEST, TODAY)
    with pytest.raises(PeriodError):
        resolve("custom", TODAY, oldest=OLDEST)
    with pytest.raises(PeriodError):
        resolve("decade", TODAY, oldest=OLDEST)


def test_comparisons():
    p = Period("7d", date(2026, 3, 9), date(2026, 3, 15))
    prev = comparison(p, "previous")
    assert (prev.start, prev.end) == (date(2026, 3, 2), date(2026, 3, 8))
    year = comparison(p, "year")
    assert (year.start, year.end) == (date(2025, 3, 9), date(2025, 3, 15))
    leap = comparison(Period("custom", date(2024, 2, 29), date(2024, 2, 29)), "year")
    assert leap.start == date(2023, 2, 28)
    assert comparison(p, "none") is None


@pytest.mark.parametrize(("days", "grain"), [(1, "hour"), (2, "hour"), (7, "day"), (62, "day"), (100, "week"),
                                             (365, "month")])
def test_granularity(days, grain):
    start = date(2025, 1, 1)
    assert granularity(Period("custom", start, date.fromordinal(start.toordinal() + days - 1))) == grain


def test_buckets():
    p = Period("custom", date(2026, 1, 28), date(2026, 3, 2))
    assert buckets(p, "month") == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert buckets(p, "week")[0] == date(2026, 1, 26)  # a Monday


def test_query_params_round_trip():
    state = ViewState(site="shop", period="custom", start=date(2026, 1, 1), end=date(2026, 1, 31), compare="year",
                      filters=Filters(source="Google", page="/tarifs", campaign=""))
    params = to_query(state)
    assert params == {"site": "shop", "period": "custom", "from": "2026-01-01", "to": "2026-01-31",
                      "compare": "year", "page": "/tarifs", "source": "Google", "campaign": ""}
    assert from_query(params) == state


def test_unknown_keys_and_bad_values_are_dropped():
    state = from_query({"period": "forever", "compare": "x", "evil": "1; DROP TABLE", "source": "a\x00b",
                        "browser": ["Firefox", "Chrome"], "from": "not-a-date"})
    assert state.period == "30d" and state.compare == "previous" and state.start is None
    assert state.filters == Filters(browser="Chrome")


def test_filters_whitelist():
    with pytest.raises(FilterError):
        Filters().with_value("ip_prefix", "1.2")
    with pytest.raises(FilterError):
        Filters().with_value("page", "x" * 600)
    f = Filters().with_value("device", "mobile").with_value("page", "/")
    assert f.active() == {"page": "/", "device": "mobile"}
    assert not f.without("device").without("page")
