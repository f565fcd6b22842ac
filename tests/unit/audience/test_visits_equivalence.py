"""The daily aggregates written by store.write_events equal those of the former SQL rebuild
(rebuild_days_reference.sql, window functions), kept here as the oracle: random events on several
sites and days, visits across local midnight (and a DST change), gaps of exactly the session length,
page views in the same instant, empty dimension values, earlier batches already stored."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pytest

from audience.event import EVENT_SCHEMA
from audience.store import touched_days, write_events
from storage import Database
from tests.unit.audience.helpers import make_config

TZ = "Europe/Paris"
TABLES = ("daily_dimensions", "daily_visits", "daily_pages")
ORACLE_SQL = Path(__file__).with_name("rebuild_days_reference.sql")
FIRST_DAY = datetime(2026, 3, 28, tzinfo=ZoneInfo(TZ))  # clocks go forward on the 29th (a 23-hour day)
NOW = datetime(2026, 4, 2, tzinfo=UTC)
VALUES = {"path": ["/", "/a", "/b", "/b/c", "/z", ""], "channel": ["direct", "organic_search", "social", ""],
          "source": ["", "Google", "google", "LinkedIn"], "utm_campaign": ["", "x", "y"]}
VISITOR_VALUES = {"browser": ["Chrome", "Firefox", ""], "os": ["Windows", "iOS", ""], "device": ["desktop", "mobile"],
                  "language": ["fr", "en", ""], "country": ["", "FR", "DE"], "network": ["", "AS1", "AS2"]}
# Seconds between a visitor's page views: same instant, sub-second, exactly the session length and
# just around it (the times are multiples of 1/4 s: exact in the oracle's DOUBLE seconds, so its
# rounding of x.5 s is compared too).
GAPS = [0, 0, 0.25, 0.5, 1.5, 7, 60, 299.5, 1799.75, 1800, 1800, 1800.25, 1860, 5400]


def random_events(rng: np.random.Generator, n_visitors: int = 120) -> pa.Table:
    rows = []
    for _ in range(n_visitors):
        site = str(rng.choice(["a", "b", "c"]))
        visitor = int(rng.integers(1, 40))  # the same id on several sites and days: kept apart
        attributes = {k: str(rng.choice(v)) for k, v in VISITOR_VALUES.items()}
        day_offset = int(rng.integers(0, 3))
        # Starts spread over the day, many just before midnight (visits cut in two).
        start_h = float(rng.choice([rng.uniform(0, 24), rng.uniform(22.5, 24)]))
        t = FIRST_DAY + timedelta(days=day_offset, seconds=round(start_h * 3600 * 4) / 4)
        for _ in range(int(rng.integers(1, 12))):
            t += timedelta(seconds=float(rng.choice(GAPS)))
            row = {k: str(rng.choice(v)) for k, v in VALUES.items()}
            if rng.random() < 0.1:  # now and then a hit with other visitor attributes
                row.update({k: str(rng.choice(v)) for k, v in VISITOR_VALUES.items()})
            else:
                row.update(attributes)
            rows.append({"site": site, "ts": t.astimezone(UTC), "day": t.astimezone(ZoneInfo(TZ)).date(),
                         "visitor_id": visitor, "ip_prefix": None if rng.random() < 0.5 else "203.0.0.0",
                         "origin": "js", "referrer_host": "", "utm_medium": "", "import_id": None, **row})
    # Alone on its site: a visitor whose page views every 5 min go on past midnight.
    night = FIRST_DAY + timedelta(hours=23, minutes=40)
    rows += [{**rows[0], "site": "n", "visitor_id": 7, "ts": (night + timedelta(minutes=m)).astimezone(UTC),
              "day": (night + timedelta(minutes=m)).date()} for m in range(0, 45, 5)]
    _settle_oracle_ties(rows)
    order = rng.permutation(len(rows))  # batches do not come sorted
    return pa.Table.from_pylist([rows[i] for i in order], schema=EVENT_SCHEMA)


def _settle_oracle_ties(rows: list[dict]) -> None:
    """The oracle orders a visitor's page views by ts, path, channel, source, campaign only: rows equal on
    all of these get the same other attributes, else its first_value() would pick one at random."""
    first: dict[tuple, dict] = {}
    for row in rows:
        key = (row["site"], row["day"], row["visitor_id"], row["ts"], row["path"], row["channel"], row["source"],
               row["utm_campaign"])
        row.update({k: first.setdefault(key, row)[k] for k in VISITOR_VALUES})


def oracle(tmp_path: Path, events: pa.Table, session_minutes: int = 30) -> dict[str, list[tuple]]:
    """The three tables as the reference SQL computes them from `events` (all their days)."""
    db = Database(tmp_path / f"oracle{len(list(tmp_path.iterdir()))}", force_uncompressed=True)
    code = "\n".join(line for line in ORACLE_SQL.read_text().splitlines() if not line.lstrip().startswith("--"))
    statements = [s.strip() for s in code.split("\n;\n") if s.strip()]

    def work(cur):
        cur.register("batch", events)
        cur.execute(f"INSERT INTO audience.events ({', '.join(EVENT_SCHEMA.names)}) SELECT * FROM batch")
        cur.register("touched_days", touched_days(events))
        for sql in statements:
            params = {k: v for k, v in (("gap", timedelta(minutes=session_minutes)), ("tz", TZ)) if f"${k}" in sql}
            cur.execute(sql, params or None)

    try:
        db.write(work)
        return tables(db)
    finally:
        db.close()


def tables(db: Database) -> dict[str, list[tuple]]:
    return {t: db.query(f"SELECT * FROM audience.{t} ORDER BY ALL") for t in TABLES}


def only(rows: dict[str, list[tuple]], days: set[tuple[str, date]], keep: bool = True) -> dict[str, list[tuple]]:
    return {t: [r for r in rs if ((r[0], r[1]) in days) == keep] for t, rs in rows.items()}


@pytest.mark.parametrize("seed", range(6))
def test_two_batches_give_the_oracles_aggregates(tmp_path, seed):
    rng = np.random.default_rng(seed)
    events = random_events(rng)
    cut = int(events.num_rows * rng.uniform(0.3, 0.8))
    minutes = 30 if seed % 3 else 15
    config = make_config(session_minutes=minutes, timezone=TZ)
    db = Database(tmp_path / "new", force_uncompressed=True)
    try:
        write_events(db, events.slice(0, cut), config, NOW)   # stored first (earlier batch)
        write_events(db, events.slice(cut), config, NOW)      # then the rest, on the same days
        got = tables(db)
    finally:
        db.close()
    expected = oracle(tmp_path, events, minutes)
    assert all(expected[t] for t in TABLES)
    for t in TABLES:
        assert got[t] == expected[t], t


def test_rebuild_recomputes_only_the_given_days(tmp_path):
    """The buffer passes `rebuild`: those days are recomputed from all their events (stored or not in
    the batch); the batch's other days are only inserted, their aggregates left as they were."""
    rng = np.random.default_rng(42)
    events = random_events(rng, 200)
    first, second = events.slice(0, 500), events.slice(500)
    days = {(r["site"], r["day"]) for r in touched_days(events).to_pylist()}
    rebuilt = {d for d in days if d[0] == "a"}
    config = make_config(timezone=TZ)
    db = Database(tmp_path / "new", force_uncompressed=True)
    try:
        write_events(db, first, config, NOW)
        write_events(db, second, config, NOW, rebuild=pa.table({"site": [d[0] for d in rebuilt],
                                                                "day": pa.array([d[1] for d in rebuilt])}))
        got = tables(db)
        assert db.query_one("SELECT count(*) FROM audience.events") == (events.num_rows,)
        write_events(db, EVENT_SCHEMA.empty_table(), config, NOW, rebuild=touched_days(events))
        assert tables(db) == oracle(tmp_path, events)
    finally:
        db.close()
    assert only(got, rebuilt) == only(oracle(tmp_path, events), rebuilt)
    first_days = {(r["site"], r["day"]) for r in touched_days(first).to_pylist()}
    assert only(got, rebuilt, keep=False) == only(oracle(tmp_path, first), first_days - rebuilt)
