"""A log's history: lines past the raw-event retention (13 months) but inside the aggregates' (26)
build their days' aggregates with the same code as recent ones, and are not stored raw."""
from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from audience import logs
from audience.event import Drop
from tests.unit.audience.helpers import CHROME

DAY = datetime(2024, 6, 12, tzinfo=UTC)
AGGREGATES = {"daily_dimensions": "dimension, value", "daily_visits": "entry_page, exit_page, channel, browser",
              "daily_pages": "path, channel, browser"}
PAGES = ["/", "/tarifs", "/contact", "/blog/a", "/blog/b"]
REFERRERS = ["-", "https://www.google.fr/", "https://www.facebook.com/", "https://www.shop.fr/"]
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"


def day_log(rng: random.Random, day: datetime, visitors: int = 40) -> list[str]:
    lines = []
    for v in range(visitors):
        ip, ua = f"203.0.{v % 7}.{v}", rng.choice([CHROME, FIREFOX])
        t = day + timedelta(seconds=rng.randrange(0, 80_000))
        for _ in range(rng.randrange(1, 5)):
            stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
            lines.append(f'{ip} - - [{stamp}] "GET {rng.choice(PAGES)} HTTP/1.1" 200 5 "{rng.choice(REFERRERS)}" '
                         f'"{ua}"')
            t += timedelta(seconds=rng.randrange(5, 900))
    return sorted(lines, key=lambda line: line.split("[")[1][:20])


def aggregates(db) -> dict[str, list[tuple]]:
    return {table: db.query(f"SELECT * EXCLUDE (site) FROM audience.{table} ORDER BY ALL")  # noqa: S608 (names)
            for table in AGGREGATES}


def clear(db) -> None:
    for table in ("events", "log_imports", "daily_drops", *AGGREGATES):
        db.execute(f"DELETE FROM audience.{table}")  # noqa: S608 (names)


def test_history_aggregates_equal_those_of_a_day_imported_while_its_raw_events_existed(db, site, tmp_path):
    path = tmp_path / "access.log"
    path.write_text("\n".join(day_log(random.Random(5), DAY) + day_log(random.Random(6), DAY + timedelta(days=1)))
                    + "\n")
    fresh = logs.import_file(path, site, now=DAY + timedelta(days=3))
    assert fresh.events_stored > 100 and fresh.aggregated_only == 0
    expected = aggregates(db)
    assert all(expected.values())
    clear(db)

    later = logs.import_file(path, site, now=DAY + timedelta(days=20 * 30))  # 20 months on
    assert later.events_stored == fresh.events_stored == later.aggregated_only
    assert dict(later.dropped) == dict(fresh.dropped)
    assert db.query_one("SELECT count(*) FROM audience.events") == (0,)  # not stored raw
    assert aggregates(db) == expected


def test_history_past_the_aggregates_retention_is_expired_and_existing_days_are_kept(db, site, tmp_path):
    now = DAY + timedelta(days=20 * 30)
    old, history = DAY - timedelta(days=7 * 30), DAY  # 27 months back; 20 months back
    path = tmp_path / "access.log"
    path.write_text("\n".join(day_log(random.Random(1), old, 5) + day_log(random.Random(2), history, 5)) + "\n")
    first = logs.import_file(path, site, now=now)
    assert first.dropped[Drop.EXPIRED] > 0 and first.aggregated_only == first.events_stored > 0
    before = aggregates(db)
    other = tmp_path / "other.log"  # another file with lines of the same history day
    other.write_text("\n".join(day_log(random.Random(3), history, 3)) + "\n")
    second = logs.import_file(other, site, now=now)
    assert second.events_stored == 0 and second.dropped[Drop.ALREADY_AGGREGATED] > 0
    assert aggregates(db) == before  # the day's aggregates are not replaced by a partial rebuild


def test_a_26_month_log_gives_26_months_of_dashboard(db, site, tmp_path):
    now = datetime(2026, 3, 11, 12, tzinfo=UTC)
    days = [now - timedelta(days=d) for d in range(1, 800, 9)]  # 26.3 months back, every 9 days
    path = tmp_path / "access.log"
    path.write_text("\n".join(line for day in reversed(days) for line in day_log(random.Random(day.day), day, 2))
                    + "\n")
    summary = logs.import_file(path, site, now=now)
    first, last = db.query_one("SELECT min(day), max(day) FROM audience.daily_dimensions WHERE dimension = 'total'")
    first_raw = db.query_one("SELECT min(day) FROM audience.events")[0]
    assert date(2024, 1, 11) <= first < date(2024, 1, 20) and last >= date(2026, 3, 10)  # 26 months back
    assert date(2025, 2, 11) <= first_raw < date(2025, 2, 20)  # raw events: 13 months back
    assert summary.dropped[Drop.EXPIRED] > 0 and summary.aggregated_only > 0  # before the 26 months; history
