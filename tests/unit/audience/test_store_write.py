"""store.write_events: one transaction, the days it rebuilds, what it reads back."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pyarrow as pa
import pytest

from audience import store
from audience.event import EVENT_SCHEMA
from tests.unit.audience.helpers import make_config

NOW = datetime(2026, 3, 12, tzinfo=UTC)


def events(*rows: dict) -> pa.Table:
    base = {"site": "shop", "ts": datetime(2026, 3, 10, 9, tzinfo=UTC), "day": date(2026, 3, 10), "visitor_id": 1,
            "ip_prefix": None, "origin": "js", "path": "/", "referrer_host": "", "channel": "direct", "source": "",
            "utm_medium": "", "utm_campaign": "", "browser": "Chrome", "os": "Linux", "device": "desktop",
            "language": "fr", "country": "", "network": "", "import_id": None}
    return pa.Table.from_pylist([{**base, **row} for row in rows], schema=EVENT_SCHEMA)


def total(db, day=date(2026, 3, 10)):
    return db.query_one("SELECT visits, pageviews FROM audience.daily_dimensions WHERE dimension = 'total' "
                        "AND site = 'shop' AND day = ?", [day])


def test_a_failing_batch_leaves_nothing(db):
    store.write_events(db, events({}), make_config(), NOW)
    bad = events({"visitor_id": 2}, {"visitor_id": 3, "path": None})  # path is NOT NULL
    with pytest.raises(Exception, match="NOT NULL"):
        store.write_events(db, bad, make_config(), NOW)
    assert db.query_one("SELECT count(*) FROM audience.events") == (1,)
    assert total(db) == (1, 1)


def test_stored_events_are_read_before_the_insert_not_after(db, monkeypatch):
    """The batch's rows come from memory: reading them back as well would count them twice."""
    store.write_events(db, events({}), make_config(), NOW)
    reads = []
    real = store.stored_events

    def stored_events(cur, days):
        reads.append(real(cur, days))
        return reads[-1]

    monkeypatch.setattr(store, "stored_events", stored_events)
    store.write_events(db, events({"ts": datetime(2026, 3, 10, 9, 5, tzinfo=UTC)}), make_config(), NOW)
    assert [r.num_rows for r in reads] == [1]
    assert total(db) == (1, 2)


def test_a_day_left_without_events_loses_its_aggregates(db):
    store.write_events(db, events({}), make_config(), NOW)
    db.execute("DELETE FROM audience.events")
    store.write_events(db, EVENT_SCHEMA.empty_table(), make_config(), NOW,
                       rebuild=pa.table({"site": ["shop"], "day": pa.array([date(2026, 3, 10)])}))
    assert total(db) is None
    assert db.query_one("SELECT count(*) FROM audience.daily_pages") == (0,)


def test_batches_out_of_time_order_are_stored_in_time_order(db):
    late, early = datetime(2026, 3, 10, 11, tzinfo=UTC), datetime(2026, 3, 10, 8, tzinfo=UTC)
    store.write_events(db, events({"ts": late}, {"ts": early}), make_config(), NOW)
    assert [r[0] for r in db.query("SELECT ts FROM audience.events")] == [early, late]
