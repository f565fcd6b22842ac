"""Visits (30 min inactivity, split at local midnight), bounces, durations and the daily aggregates."""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from audience.buffer import Buffer
from audience.keys import KeyStore
from tests.unit.audience.helpers import IPHONE, make_config, raw

PARIS = ZoneInfo("Europe/Paris")
T0 = datetime(2026, 3, 10, 10, 0, tzinfo=PARIS)


def flush(db, rows, now=None, **settings):
    config = make_config(**settings)
    buf = Buffer(db, config, keys=KeyStore(db.data_dir / "k", keep_hours=48, timezone="Europe/Paris"),
                 clock=lambda: now or datetime(2026, 3, 11, 12, tzinfo=UTC))
    for row in rows:
        assert buf.add(row)
    return buf.flush()


def totals(db, day="2026-03-10"):
    return db.query_one("SELECT visitors, visits, pageviews, bounces, duration_s FROM audience.daily_dimensions "
                        "WHERE site = 'shop' AND dimension = 'total' AND day = ?", [day])


@pytest.mark.parametrize(("minutes", "visits", "bounces", "duration"), [
    ([0], 1, 1, 0),
    ([0, 1], 1, 0, 60),
    ([0, 30], 1, 0, 1800),            # exactly 30 min: same visit
    ([0, 31], 2, 2, 0),               # 31 min: a new visit
    ([0, 10, 20, 30, 40, 50, 60], 1, 0, 3600),
    ([0, 5, 100, 101, 300], 3, 1, 360),
])
def test_session_splitting(db, site, minutes, visits, bounces, duration):
    flush(db, [raw(ts=T0 + timedelta(minutes=m), url=f"https://www.shop.fr/p{i}") for i, m in enumerate(minutes)])
    assert totals(db) == (1, visits, len(minutes), bounces, duration)


def test_a_visit_is_split_at_local_midnight(db, site):
    late = datetime(2026, 3, 10, 23, 50, tzinfo=PARIS)
    flush(db, [raw(ts=late), raw(ts=late + timedelta(minutes=15))])
    assert totals(db, "2026-03-10") == (1, 1, 1, 1, 0)
    assert totals(db, "2026-03-11") == (1, 1, 1, 1, 0)


def test_session_gap_setting(db, site):
    flush(db, [raw(ts=T0), raw(ts=T0 + timedelta(minutes=20))], session_minutes=15)
    assert totals(db)[1] == 2


def test_visitors_are_distinct_per_site_ip_and_agent(db, site):
    flush(db, [raw(ts=T0), raw(ts=T0, ip="203.0.113.99"), raw(ts=T0, user_agent=IPHONE),
               raw(ts=T0 + timedelta(minutes=2))])
    assert totals(db)[:3] == (3, 3, 4)


def test_dimension_rows(db, site):
    flush(db, [raw(ts=T0, url="https://www.shop.fr/?utm_source=nl&utm_medium=email&utm_campaign=mars"),
               raw(ts=T0 + timedelta(minutes=1), url="https://www.shop.fr/tarifs"),
               raw(ts=T0 + timedelta(minutes=3), url="https://www.shop.fr/contact"),
               raw(ts=T0, ip="198.51.100.1", referrer="https://www.google.fr/", url="https://www.shop.fr/tarifs")])
    rows = {(d, v): (vis, visits, pv, b, dur) for d, v, vis, visits, pv, b, dur in db.query(
        "SELECT dimension, value, visitors, visits, pageviews, bounces, duration_s FROM audience.daily_dimensions")}
    assert rows[("entry", "/")] == (1, 1, 3, 0, 180)
    assert rows[("exit", "/contact")] == (1, 1, 3, 0, 180)
    assert rows[("entry", "/tarifs")] == (1, 1, 1, 1, 0)
    assert rows[("channel", "email")][:3] == (1, 1, 3)
    assert rows[("channel", "organic_search")][:3] == (1, 1, 1)
    assert rows[("campaign", "mars")][:2] == (1, 1)
    assert rows[("page", "/tarifs")] == (2, 2, 2, 1, 120)    # time on page: 2 min before /contact
    assert rows[("hour", "10")][:3] == (2, 2, 4)
    assert rows[("browser", "Chrome")][:3] == (2, 2, 4)
    assert rows[("device", "desktop")][:2] == (2, 2)
    assert rows[("language", "fr")][:2] == (2, 2)
    visits = db.query("SELECT entry_page, exit_page, channel, visits, pageviews, bounces FROM audience.daily_visits "
                      "ORDER BY entry_page")
    assert visits == [("/", "/contact", "email", 1, 3, 0), ("/tarifs", "/tarifs", "organic_search", 1, 1, 1)]
    pages = db.query("SELECT path, channel, pageviews, entries, exits FROM audience.daily_pages ORDER BY path, channel")
    assert pages == [("/", "email", 1, 1, 0), ("/contact", "email", 1, 0, 1), ("/tarifs", "email", 1, 0, 0),
                     ("/tarifs", "organic_search", 1, 1, 1)]


def test_later_batches_extend_visits_of_earlier_ones(db, site):
    flush(db, [raw(ts=T0)])
    assert totals(db) == (1, 1, 1, 1, 0)
    flush(db, [raw(ts=T0 + timedelta(minutes=10))])
    assert totals(db) == (1, 1, 2, 0, 600)


def test_todays_aggregates_are_refreshed_at_most_every_n_seconds(db, site):
    now = datetime.now(UTC)
    config = make_config(aggregate_refresh_seconds=3600)
    buf = Buffer(db, config, keys=KeyStore(db.data_dir / "k", keep_hours=48, timezone="Europe/Paris"),
                 clock=lambda: now)
    buf.add(raw(ts=now))
    buf.flush()
    pageviews = "SELECT sum(pageviews) FROM audience.daily_dimensions WHERE dimension = 'total'"
    assert db.query_one(pageviews) == (1,)          # first sight of the day: at once
    buf.add(raw(ts=now, ip="198.51.100.3"))
    buf.add(raw(ts=now - timedelta(days=3), ip="198.51.100.4"))
    assert buf.flush() == 2
    assert db.query_one("SELECT count(*) FROM audience.events") == (3,)
    assert db.query_one(pageviews) == (2,)          # the earlier day at once, today not yet
    buf.stop()                                       # shutdown: everything up to date
    assert db.query_one(pageviews) == (3,)
