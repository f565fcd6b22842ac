"""The audience store on ClickHouse, chosen by `AUDIENCE_DATABASE_URL`.

* `clickhouse://user:pass@host:8123/db` (or `clickhouses://`): a server, through clickhouse-connect;
* `chdb:///absolute/dir`: the same engine in-process (chdb), for one machine, and for the tests.

Both are driven through the three methods of clickhouse-connect's Client the store uses
(`query_arrow`, `command`, `insert_arrow`); `ChdbClient` serves them with chdb, binding parameters
with clickhouse-connect's own formatter, so the SQL and the values sent are those of production.

The tables live in the database `audience` (the SQL names them `audience.events`, as on DuckDB).
Parameters are ClickHouse's `{name:Type}`, bound by the server. ClickHouse has no transactions:
`write(fn)` serialises this process's writes, each statement commits on its own, and a failing
`fn` leaves what it already did (the ingestion layer's idempotent rebuilds are what make a retry
safe). Migrations are idempotent statements (IF NOT EXISTS) for the same reason.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC
from typing import Any, Protocol, TypeVar

import pandas as pd
import pyarrow as pa
from clickhouse_connect.driver.binding import bind_query, quote_identifier

from storage.migrations import folder, pending, statements

T = TypeVar("T")
Params = dict[str, Any] | None
DATABASE = "audience"  # written out in the SQL below, as in every query file
# Raw events and aggregates of a day are deleted by the ingestion layer when the day passes its
# retention; the table TTLs are a second net, one day later, so they never race the rule.
_TTL_GRACE_DAYS = 1
# (table, date expression, retention key)
TTL_COLUMNS = (
    ("events", "day", "events"),
    ("daily_dimensions", "day", "aggregates"),
    ("daily_visits", "day", "aggregates"),
    ("daily_pages", "day", "aggregates"),
    ("daily_drops", "day", "aggregates"),
    ("log_imports", "toDate(imported_at)", "aggregates"),
)


class Client(Protocol):
    """The part of clickhouse_connect.driver.Client the store uses."""

    def query_arrow(self, query: str, parameters: Params = None) -> pa.Table: ...

    def command(self, cmd: str, parameters: Params = None) -> Any: ...

    def insert_arrow(self, table: str, arrow_table: pa.Table, database: str | None = None) -> Any: ...

    def close(self) -> None: ...


class ChdbClient:
    """clickhouse-connect's Client methods, served by the ClickHouse engine in this process.

    chdb runs one engine per process, on one folder at a time: close it before opening another."""

    def __init__(self, path: str) -> None:
        from chdb import session

        self._session = session.Session(path)
        self._lock = threading.Lock()  # one query at a time through the embedded engine

    def _run(self, query: str, parameters: Params, fmt: str) -> Any:
        sql, bound = bind_query(query, parameters, UTC)  # what clickhouse-connect would send
        values = {name.removeprefix("param_"): value for name, value in bound.items()}
        with self._lock:
            return self._session.query(sql, fmt, params=values or None)

    def query_arrow(self, query: str, parameters: Params = None) -> pa.Table:
        return self._run(query, parameters, "ArrowTable")

    def command(self, cmd: str, parameters: Params = None) -> Any:
        return str(self._run(cmd, parameters, "CSV"))

    def insert_arrow(self, table: str, arrow_table: pa.Table, database: str | None = None) -> None:
        target = f"{quote_identifier(database)}.{quote_identifier(table)}" if database else quote_identifier(table)
        columns = ", ".join(map(quote_identifier, arrow_table.column_names))
        rows = arrow_table  # noqa: F841 (chdb's Python() table function reads this local by name)
        with self._lock:
            # identifiers quoted by clickhouse-connect's own quoting; the values travel as Arrow
            self._session.query(f"INSERT INTO {target} ({columns}) SELECT {columns} FROM Python(rows)")  # noqa: S608

    def close(self) -> None:
        with self._lock:
            self._session.close()


class ClickHouseCursor:
    """What `write(fn)` hands to `fn`: statements only (no transaction, nothing to fetch)."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def execute(self, sql: str, params: Params = None) -> None:
        self._client.command(sql, params)

    def executemany(self, sql: str, rows: Sequence[dict[str, Any]]) -> None:
        """One statement per row: for a handful of rows; bulk rows go through `insert_arrow`."""
        for row in rows:
            self._client.command(sql, row)


class ClickHouseDatabase:
    dialect = "clickhouse"

    def __init__(self, client: Client) -> None:
        self.client = client
        self._write_lock = threading.RLock()
        self.applied = apply_migrations(client)

    def query_arrow(self, sql: str, params: Params = None) -> pa.Table:
        return self.client.query_arrow(sql, params)

    def query(self, sql: str, params: Params = None) -> list[tuple]:
        table = self.query_arrow(sql, params)
        return list(zip(*(column.to_pylist() for column in table.columns), strict=True))

    def query_one(self, sql: str, params: Params = None) -> tuple | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def query_df(self, sql: str, params: Params = None) -> pd.DataFrame:
        """Dates as datetime64, as DuckDB's .df() gives them (Arrow's default is datetime.date objects)."""
        return self.query_arrow(sql, params).to_pandas(date_as_object=False)

    def write(self, fn: Callable[[ClickHouseCursor], T]) -> T:
        with self._write_lock:
            return fn(ClickHouseCursor(self.client))

    def execute(self, sql: str, params: Params = None) -> None:
        self.write(lambda cur: cur.execute(sql, params))

    def insert_arrow(self, cur: ClickHouseCursor, table: str, rows: pa.Table) -> None:
        database, _, name = table.rpartition(".")
        self.client.insert_arrow(name, rows, database=database or None)

    def set_retention(self, events_months: int, aggregates_months: int, *, wait: bool = False) -> None:
        """Write the retention periods as table TTLs where they changed (kept in retention_ttls), and
        apply them to the rows already stored (a mutation, in the background unless `wait`)."""
        months = {"events": min(events_months, aggregates_months), "aggregates": aggregates_months}
        current = dict(self.query("SELECT table, argMax(months, set_at) FROM audience.retention_ttls "
                                  "GROUP BY table"))
        for table, column, key in TTL_COLUMNS:
            if current.get(table) == months[key]:
                continue
            self.client.command(  # table and column: TTL_COLUMNS above; the numbers are bound
                f"ALTER TABLE audience.{table} MODIFY TTL {column} + toIntervalMonth({{months:UInt32}}) "
                "+ toIntervalDay({grace:UInt32}) SETTINGS mutations_sync = {sync:UInt8}",
                {"months": months[key], "grace": _TTL_GRACE_DAYS, "sync": 2 if wait else 0})
            self.client.command("INSERT INTO audience.retention_ttls (table, months) "
                                "VALUES ({table:String}, {months:UInt32})", {"table": table, "months": months[key]})

    def schema_versions(self) -> dict[str, int]:
        row = self.query_one("SELECT max(version) FROM audience.schema_migrations")
        return {"audience": int(row[0]) if row and row[0] is not None else 0}

    def close(self) -> None:
        self.client.close()


def apply_migrations(client: Client) -> list[str]:
    """Apply the pending files of migrations/audience/clickhouse, statement by statement, then
    record the version (one app process applies them: start the replicas after the first)."""
    client.command("CREATE DATABASE IF NOT EXISTS audience")
    client.command("CREATE TABLE IF NOT EXISTS audience.schema_migrations (version UInt32, name String, "
                   "applied_at DateTime64(6, 'UTC') DEFAULT now64(6)) ENGINE = MergeTree ORDER BY version")
    # The TTLs last written from the organisation file (set_retention), so a restart rewrites none.
    client.command("CREATE TABLE IF NOT EXISTS audience.retention_ttls (table String, months UInt32, "
                   "set_at DateTime64(6, 'UTC') DEFAULT now64(6)) ENGINE = MergeTree ORDER BY table")
    applied = {row["version"] for row in client.query_arrow(
        "SELECT version FROM audience.schema_migrations").to_pylist()}
    done = []
    for version, path in pending(folder("audience", "clickhouse"), applied):
        for statement in statements(path):
            client.command(statement)
        client.command("INSERT INTO audience.schema_migrations (version, name) "
                       "VALUES ({version:UInt32}, {name:String})", {"version": version, "name": path.name})
        done.append(f"audience/clickhouse/{path.name}")
    return done


def connect(url: str) -> ClickHouseDatabase:
    """The store at `url`, migrated, its TTLs set from the organisation file's retention periods."""
    if url.startswith("chdb://"):
        client: Client = ChdbClient(url.removeprefix("chdb://"))
    else:
        import clickhouse_connect

        secure = url.startswith("clickhouses://")
        dsn = "clickhouse://" + url.split("://", 1)[1]
        client = clickhouse_connect.get_client(dsn=dsn, secure=secure, autogenerate_session_id=False)
    store = ClickHouseDatabase(client)
    from config.organisation import get_organisation

    retention = get_organisation().retention
    store.set_retention(retention.audience_events_months, retention.audience_aggregates_months)
    return store
