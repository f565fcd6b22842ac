"""Query functions on a small known audience (tests/unit/audience/stats/stats_data.py)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from accounts import PermissionDenied
from audience.stats import store
from audience.stats.filters import Filters
from audience.stats.periods import Period, comparison
from tests.unit.audience.stats.stats_data import SITE, seed_known


@pytest.fixture
def known(db, staff):
    return seed_known(db)


def span(days) -> Period:
    return Period("custom", days["d"], days["d2"])


def test_key_figures_exact(known, staff):
    kf = store.key_figures(staff, SITE, span(known), Filters())
    f = kf.current
    assert (f.visitors, f.visits, f.pageviews) == (4, 5, 8)
    assert f.views_per_visit == pytest.approx(1.6)
    assert f.bounce_rate == pytest.approx(0.6)
    assert f.avg_duration == pytest.approx(84.0)
    assert kf.source == "dd"


def test_comparison_with_previous_period_and_last_year(known, staff):
    period = span(known)
    prev = comparison(period, "previous")
    assert (prev.start, prev.end) == (known["d"] - timedelta(days=2), known["before"])
    kf = store.key_figures(staff, SITE, period, Filters(), prev)
    assert (kf.previous.visitors, kf.previous.visits, kf.previous.pageviews) == (1, 1, 1)
    assert kf.change("visitors") == pytest.approx(3.0)
    assert kf.change("bounce_rate") == pytest.approx(-0.4)
    year = store.key_figures(staff, SITE, Period("custom", known["d"], known["d"]), Filters(),
                               Period("custom", known["last_year"], known["last_year"]))
    assert (year.previous.visits, year.previous.pageviews, year.previous.avg_duration) == (1, 2, 120.0)
    assert year.change("pageviews") == pytest.approx(7 / 2 - 1)


@pytest.mark.parametrize(("filters", "expected", "source"), [
    (Filters(source="Google"), (1, 1, 3, 0, 300.0), "dd"),
    (Filters(channel="direct"), (3, 3, 4, 2 / 3, 40.0), "dd"),
    (Filters(channel="direct", browser="Chrome"), (2, 2, 3, 0.5, 60.0), "dv"),
    (Filters(entry="/", device="mobile"), (1, 1, 1, 1.0, 0.0), "dv"),
    # one page: visits that saw it; duration = time on page (A stayed 240 s on /tarifs)
    (Filters(page="/tarifs"), (3, 3, 3, 1 / 3, 80.0), "dd"),
    # page + another filter: visits that saw /tarifs with Chrome (A and C), from the raw events
    (Filters(page="/tarifs", browser="Chrome"), (2, 2, 2, 0.0, 210.0), "raw"),
])
def test_filters(known, staff, filters, expected, source):
    kf = store.key_figures(staff, SITE, span(known), filters)
    f = kf.current
    assert (f.visitors, f.visits, f.pageviews) == expected[:3]
    assert f.bounce_rate == pytest.approx(expected[3])
    assert f.avg_duration == pytest.approx(expected[4])
    assert kf.source == source


def rows(table, *cols):
    return {r["value"]: tuple(r[c] for c in cols) for _, r in table.df.iterrows()}


def test_breakdowns_unfiltered(known, staff):
    period, none = span(known), Filters()
    assert rows(store.top_pages(staff, SITE, period, none), "visitors", "pageviews") == {
        "/": (4, 4), "/tarifs": (3, 3), "/contact": (1, 1)}
    assert rows(store.entry_pages(staff, SITE, period, none), "visits") == {"/": (4,), "/tarifs": (1,)}
    assert rows(store.exit_pages(staff, SITE, period, none), "visits") == {
        "/contact": (1,), "/tarifs": (2,), "/": (2,)}
    assert rows(store.channels(staff, SITE, period, none), "visitors", "visits", "bounce_rate") == {
        "direct": (3, 3, pytest.approx(2 / 3)), "organic_search": (1, 1, 0.0), "email": (1, 1, 1.0)}
    assert rows(store.sources(staff, SITE, period, none), "visits") == {"": (3,), "Google": (1,), "newsletter": (1,)}
    assert rows(store.campaigns(staff, SITE, period, none), "visits") == {"": (4,), "nov": (1,)}
    assert rows(store.devices(staff, SITE, period, none), "visits") == {"desktop": (3,), "mobile": (2,)}
    assert rows(store.languages(staff, SITE, period, none), "visitors") == {"fr": (3,), "en": (1,)}
    browsers = rows(store.browsers(staff, SITE, period, none), "visits")
    assert browsers["Chrome"] == (3,) and sum(v[0] for v in browsers.values()) == 5
    assert sum(v[0] for v in rows(store.operating_systems(staff, SITE, period, none), "visits").values()) == 5


def test_breakdowns_filtered(known, staff):
    period = span(known)
    google = store.top_pages(staff, SITE, period, Filters(source="Google"))
    assert google.source == "dp"
    assert rows(google, "pageviews", "entries", "exits") == {"/": (1, 1, 0), "/tarifs": (1, 0, 0),
                                                             "/contact": (1, 0, 1)}
    direct_browsers = store.browsers(staff, SITE, period, Filters(channel="direct"))
    assert direct_browsers.source == "dv"
    assert rows(direct_browsers, "visits")["Chrome"] == (2,)
    entries = store.entry_pages(staff, SITE, period, Filters(page="/tarifs"))
    assert entries.source == "raw"
    assert rows(entries, "visits") == {"/": (2,), "/tarifs": (1,)}


def test_timeseries_by_day_and_hour(known, staff):
    days = store.timeseries(staff, SITE, span(known), Filters(), grain="day")
    assert list(days.df["visits"]) == [4, 1]
    assert list(days.df["pageviews"]) == [7, 1]
    hours = store.timeseries(staff, SITE, Period("custom", known["d"], known["d"]), Filters())
    assert len(hours.df) == 24
    visits = dict(zip(hours.df["bucket"].dt.hour, hours.df["visits"], strict=True))
    assert (visits[10], visits[11], visits[12], visits[15], visits[9]) == (1, 1, 1, 1, 0)
    filtered = store.timeseries(staff, SITE, Period("custom", known["d"], known["d"]), Filters(channel="direct"))
    assert filtered.source == "raw"
    visits = dict(zip(filtered.df["bucket"].dt.hour, filtered.df["visits"], strict=True))
    assert (visits[10], visits[12], visits[15]) == (0, 1, 1)


def test_weeks_and_months_fill_empty_buckets(known, staff):
    period = Period("custom", known["d"] - timedelta(days=70), known["d2"])
    weeks = store.timeseries(staff, SITE, period, Filters(), grain="week")
    assert weeks.df["visits"].sum() == 6 and len(weeks.df) >= 11
    months = store.timeseries(staff, SITE, period, Filters(), grain="month")
    assert months.df["pageviews"].sum() == 9


def test_realtime(db, staff):
    from datetime import UTC, datetime

    from tests.unit.audience.stats.stats_data import flush, hit, register_site

    register_site(db)
    now = datetime.now(UTC)
    flush(db, [hit(now - timedelta(minutes=2), "/live", "203.0.113.8"),
               hit(now - timedelta(minutes=1), "/prix", "203.0.113.8"),
               hit(now - timedelta(minutes=1), "/live", "203.0.113.9"),
               hit(now - timedelta(minutes=20), "/old", "203.0.113.10")], now=now)
    live = store.realtime(staff, SITE, now=now)
    assert (live.visitors, live.pageviews) == (2, 3)
    assert dict(zip(live.pages["path"], live.pages["visitors"], strict=True)) == {"/live": 2, "/prix": 1}


def test_sites_and_range(known, staff):
    assert "shop" in store.list_sites(staff)
    first, last = store.data_range(staff)
    assert (first, last) == (known["last_year"], known["d2"])


def test_staff_only(known, plain_user):
    with pytest.raises(PermissionDenied):
        store.key_figures(plain_user, SITE, span(known), Filters())
    with pytest.raises(PermissionDenied):
        store.realtime(None, SITE)
    with pytest.raises(PermissionDenied):
        store.top_pages(plain_user, SITE, span(known), Filters())


def test_filter_values_are_bound_not_interpolated(known, staff):
    hostile = "x' OR 1=1 --"
    kf = store.key_figures(staff, SITE, span(known), Filters(source=hostile, browser=hostile))
    assert kf.current.visits == 0
    assert store.top_pages(staff, SITE, span(known), Filters(source=hostile, page=hostile)).df.empty


def test_page_with_another_filter_over_a_long_period_uses_daily_pages(known, staff):
    long = Period("custom", known["d"] - timedelta(days=40), known["d2"])
    kf = store.key_figures(staff, SITE, long, Filters(page="/tarifs", browser="Chrome"))
    assert kf.source == "dp"
    assert (kf.current.visitors, kf.current.pageviews, kf.current.visits, kf.current.bounce_rate) == (2, 2, None, None)
    assert store.NOTE_PAGEVIEWS_ONLY in kf.notes
    entries = store.entry_pages(staff, SITE, long, Filters(page="/tarifs"))
    assert not entries.available and entries.df.empty
