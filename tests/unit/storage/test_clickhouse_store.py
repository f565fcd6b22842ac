"""The audience store's ClickHouse SQL on the real engine: chdb in-process always, and a ClickHouse
server through clickhouse-connect when CLICKHOUSE_TEST_URL is set (the network path's contract).

Schema, migrations, TTLs from the organisation file, Arrow inserts, and every dashboard query of
storage/queries/audience_stats/ (except the raw_* ones, see below) against DuckDB's answers on the
same data, written by the real ingestion code into DuckDB and copied over as Arrow."""
from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pyarrow as pa
import pytest

from audience.stats.filters import PAGE_COLUMNS, VISIT_COLUMNS
from config.organisation import get_organisation
from storage import Database, load_sql
from storage.clickhouse import DATABASE, TTL_COLUMNS, ChdbClient, ClickHouseDatabase, connect
from storage.migrations import folder, pending
from tests.unit.audience.stats.stats_data import SITE, flush, hit, seed_known, today

TABLES = ("events", "daily_dimensions", "daily_visits", "daily_pages", "daily_drops", "log_imports")


@pytest.fixture(params=["chdb", "server"])
def ch(request, tmp_path):
    """A migrated ClickHouse audience store with empty tables. CLICKHOUSE_TEST_URL must name a
    throw-away server: its `audience` tables are emptied and their TTLs changed."""
    if request.param == "chdb":
        url = f"chdb://{tmp_path / 'chdb'}"
    else:
        url = os.environ.get("CLICKHOUSE_TEST_URL", "")
        if not url:
            pytest.skip("CLICKHOUSE_TEST_URL is not set: the network path (clickhouse-connect to a ClickHouse "
                        "server) is tested only against a server given there")
    store = connect(url)
    for table in TABLES:
        store.execute(f"TRUNCATE TABLE {DATABASE}.{table}")
    yield store
    store.close()


def test_migrations_mirror_duckdbs_and_run_once(ch, tmp_path):
    duck_files = [p.name for _, p in pending(folder("audience"), set())]
    translated = [p.name for _, p in pending(folder("audience", "clickhouse"), set())]
    assert translated == duck_files, (
        f"each audience migration needs its ClickHouse version in {folder('audience', 'clickhouse')}: "
        f"missing {sorted(set(duck_files) - set(translated))}, extra {sorted(set(translated) - set(duck_files))}")
    embedded = Database(tmp_path / "duck")
    assert ch.schema_versions()["audience"] == embedded.schema_versions()["audience"]
    embedded.close()
    if isinstance(ch.client, ChdbClient):  # a fresh folder: everything applied, in order
        assert ch.applied == [f"audience/clickhouse/{name}" for name in duck_files]
    assert ClickHouseDatabase(ch.client).applied == []  # a restart applies nothing


def test_the_audience_schema_is_duckdbs(ch, tmp_path):
    embedded = Database(tmp_path / "duck")
    duck = embedded.query("SELECT table_name, column_name FROM information_schema.columns "
                          "WHERE table_catalog = 'audience' AND table_name <> 'schema_migrations' "
                          "ORDER BY table_name, ordinal_position")
    embedded.close()
    click = ch.query("SELECT table, name FROM system.columns WHERE database = {db:String} "
                     "AND table NOT IN ('schema_migrations', 'retention_ttls') ORDER BY table, position",
                     {"db": DATABASE})
    assert len(duck) > 60 and click == duck


def test_tables_are_monthly_mergetrees_with_the_organisations_retention_as_ttl(ch):
    retention = get_organisation().retention
    events_months = min(retention.audience_events_months, retention.audience_aggregates_months)
    for table, column, key in TTL_COLUMNS:
        (create,) = ch.query_one("SELECT create_table_query FROM system.tables WHERE database = {db:String} "
                                 "AND name = {t:String}", {"db": DATABASE, "t": table})
        months = events_months if key == "events" else retention.audience_aggregates_months
        assert "ENGINE = MergeTree" in create
        ttl = f"TTL ({column} + toIntervalMonth(_CAST({months}, 'UInt32'))) + toIntervalDay(_CAST(1, 'UInt32'))"
        assert ttl in create, create
        if table != "log_imports":
            assert "PARTITION BY toYYYYMM(day)" in create and "ORDER BY (site, " in create


def _events(days: list[date]) -> pa.Table:
    n = len(days)
    return pa.table({"site": ["s"] * n, "ts": pa.array([datetime(d.year, d.month, d.day, tzinfo=UTC) for d in days],
                                                      pa.timestamp("us", "UTC")),
                     "day": pa.array(days), "visitor_id": list(range(n)), "origin": ["js"] * n, "path": ["/"] * n,
                     "referrer_host": [""] * n, "channel": ["direct"] * n, "source": [""] * n,
                     "utm_medium": [""] * n, "utm_campaign": [""] * n, "browser": ["b"] * n, "os": ["o"] * n,
                     "device": ["d"] * n, "language": ["fr"] * n})


def test_the_ttl_deletes_expired_rows_at_the_next_merge_and_when_the_retention_shortens(ch):
    retention = get_organisation().retention
    events_months = min(retention.audience_events_months, retention.audience_aggregates_months)
    old, recent = today() - timedelta(days=31 * events_months + 2), today() - timedelta(days=62)
    ch.write(lambda cur: ch.insert_arrow(cur, "audience.events", _events([old, recent, today()])))
    ch.execute("OPTIMIZE TABLE audience.events FINAL")  # ClickHouse may also drop the expired part sooner
    assert ch.query("SELECT day FROM audience.events ORDER BY day") == [(recent,), (today(),)]

    ch.set_retention(1, 1, wait=True)  # shorter periods: the 62-day-old row is now past them
    assert ch.query("SELECT day FROM audience.events") == [(today(),)]


def test_an_arrow_insert_goes_in_by_column_name(ch):
    rows = pa.table({"hits": pa.array(range(10_000), pa.int64()), "reason": ["r"] * 10_000,
                     "day": pa.array([today()] * 10_000), "site": pa.array(["s"] * 10_000).dictionary_encode()})
    ch.write(lambda cur: ch.insert_arrow(cur, "audience.daily_drops", rows))
    assert ch.query_one("SELECT count(), sum(hits), min(site), max(reason) FROM audience.daily_drops") == (
        10_000, 10_000 * 9_999 // 2, "s", "r")


# -- the dashboard's queries on both engines ------------------------------------------------------
_DUCK_PARAM = re.compile(r"\$([a-z_]+)")


def _duck(db: Database, name: str, params: dict, filters: dict[str, str], columns: dict[str, str],
          **parts: str) -> pd.DataFrame:
    """As audience/stats/queries.py runs a query on DuckDB."""
    where = "".join(f" AND {columns[d]} = $f_{d}" for d in filters)
    sql = load_sql(f"audience_stats/{name}")
    if "{filters}" in sql or parts:
        sql = sql.format(filters=where, **parts)
    params = {**params, **{f"f_{d}": v for d, v in filters.items()}}
    used = set(_DUCK_PARAM.findall(sql))
    return db.query_df(sql, {k: v for k, v in params.items() if k in used})


def _click(ch: ClickHouseDatabase, name: str, params: dict, filters: dict[str, str], columns: dict[str, str],
           **parts: str) -> pd.DataFrame:
    """The same on ClickHouse: the variant file, filters compared with bound {f_<dim>:String}."""
    where = "".join(f" AND {columns[d]} = {{f_{d}:String}}" for d in filters)
    sql = load_sql(f"audience_stats/{name}", "clickhouse")
    if "{filters}" in sql or parts:
        sql = sql.format(filters=where, **parts)
    return ch.query_df(sql, {**params, **{f"f_{d}": v for d, v in filters.items()}})


def _comparable(df: pd.DataFrame) -> list[tuple]:
    """The rows' values, dates and times as naive UTC timestamps, numbers as floats."""
    out = df.copy()
    for col in out.columns:
        sample = out[col].dropna()
        first = sample.iloc[0] if len(sample) else None
        if pd.api.types.is_datetime64_any_dtype(out[col]) or isinstance(first, date | datetime):
            out[col] = pd.to_datetime(out[col], utc=True).dt.tz_localize(None)
        elif pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].astype(float)
    out = out.astype(object).where(out.notna(), None)
    return list(out.itertuples(index=False, name=None))


def _copy_audience(db: Database, ch: ClickHouseDatabase) -> dict[str, int]:
    counts = {}
    with db.cursor() as cur:
        for table in TABLES:
            rows = cur.sql(f"SELECT * FROM audience.{table}").to_arrow_table()
            counts[table] = rows.num_rows
            if rows.num_rows:
                ch.write(lambda c, t=table, r=rows: ch.insert_arrow(c, f"audience.{t}", r))
    return counts


def _cases(db: Database) -> list[tuple]:
    start, end = today() - timedelta(days=400), today()
    base = {"site": SITE, "start": start, "end": end}
    top = {dim: db.query_one(f"SELECT {col} FROM audience.daily_visits GROUP BY 1 ORDER BY sum(visits) DESC, 1")[0]
           for dim, col in VISIT_COLUMNS.items()}
    two = {"channel": top["channel"], "browser": top["browser"]}
    page_two = {"page": "/tarifs", "browser": top["browser"]}
    since = datetime.now(UTC) - timedelta(days=5)
    cases = [("dd_hours", base, {}, VISIT_COLUMNS, {}), ("oldest_day", {}, {}, VISIT_COLUMNS, {}),
             ("sites", {}, {}, VISIT_COLUMNS, {}), ("realtime", {"site": SITE, "since": since}, {}, VISIT_COLUMNS, {}),
             ("realtime_total", {"site": SITE, "since": since}, {}, VISIT_COLUMNS, {}),
             ("dv_breakdowns", {**base, "limit": 2}, two, VISIT_COLUMNS, {}),
             ("dv_breakdowns", {**base, "limit": 100}, {"device": top["device"]}, VISIT_COLUMNS, {})]
    for dim in ("page", *VISIT_COLUMNS, "hour", "total"):
        for limit in (1, 100):
            cases.append(("dd_breakdown", {**base, "dimension": dim, "limit": limit}, {}, VISIT_COLUMNS, {}))
    for grain in ("day", "week", "month"):
        for dim, value in (("total", ""), ("page", "/"), ("channel", top["channel"])):
            cases.append(("dd_series", {**base, "grain": grain, "dimension": dim, "value": value}, {},
                          VISIT_COLUMNS, {}))
        cases.append(("dv_series", {**base, "grain": grain}, two, VISIT_COLUMNS, {}))
        cases.append(("dp_series", {**base, "grain": grain}, page_two, PAGE_COLUMNS, {}))
    for dim, col in VISIT_COLUMNS.items():
        cases.append(("dv_breakdown", {**base, "limit": 100}, two, VISIT_COLUMNS, {"column": col}))
    for dim, col in PAGE_COLUMNS.items():
        cases.append(("dp_breakdown", {**base, "limit": 3}, page_two, PAGE_COLUMNS, {"column": col}))
    return cases


def test_every_dashboard_query_answers_as_on_duckdb(db, ch):
    seed_known(db)
    flush(db, [hit(datetime.now(UTC) - timedelta(minutes=2), "/live", "203.0.113.9")], now=datetime.now(UTC))
    counts = _copy_audience(db, ch)
    assert counts["events"] and counts["daily_visits"] and counts["daily_pages"] and counts["daily_drops"]
    for table, n in counts.items():
        assert ch.query_one(f"SELECT count() FROM audience.{table}") == (n,), table
    differ, empty = [], 0
    for name, params, filters, columns, parts in _cases(db):
        duck_df = _duck(db, name, params, filters, columns, **parts)
        click_df = _click(ch, name, params, filters, columns, **parts)
        duck, click = _comparable(duck_df), _comparable(click_df)
        empty += not duck
        named_alike = name == "oldest_day" or list(duck_df.columns) == list(click_df.columns)  # read by position
        if duck != click or not named_alike:
            differ.append(f"{name} {params} {filters}:\n  duckdb     {list(duck_df.columns)} {duck}\n"
                          f"  clickhouse {list(click_df.columns)} {click}")
    assert not differ, "\n".join(differ)
    assert empty < 10  # the cases mostly have rows to compare


def test_empty_tables_answer_as_on_duckdb(ch, tmp_path):
    embedded = Database(tmp_path / "duck")
    for name in ("oldest_day", "sites"):
        assert _comparable(_duck(embedded, name, {}, {}, VISIT_COLUMNS)) == \
            _comparable(_click(ch, name, {}, {}, VISIT_COLUMNS))
    embedded.close()
