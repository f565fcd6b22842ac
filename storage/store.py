"""What a store offers the domain packages, whichever engine serves it.

Three implementations:

* `storage.db.Database`: embedded DuckDB, both stores in one process (the default; `make run`).
* `storage.postgres.PostgresDatabase`: the app store on PostgreSQL (`APP_DATABASE_URL`).
* `storage.clickhouse.ClickHouseDatabase`: the audience store on ClickHouse (`AUDIENCE_DATABASE_URL`),
  through clickhouse-connect (a server) or chdb (the same engine in-process).

Placeholders are each engine's own, bound by its driver, never spliced into the text: `?` or `$1`
on DuckDB, `$1` on PostgreSQL (DuckDB reads `$1` too, so a file written with `$1` needs no variant),
`{name:Type}` on ClickHouse. `load_sql(name, store.dialect)` picks a query file's variant.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, TypeVar

import pandas as pd
import pyarrow as pa

T = TypeVar("T")
Params = Sequence[Any] | dict[str, Any] | None


class Cursor(Protocol):
    """The cursor `write(fn)` hands to `fn`. On ClickHouse, which has no transactions, `execute` runs
    a statement and returns nothing to fetch: a write that reads does it through the store."""

    def execute(self, sql: str, params: Params = None) -> Any: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any: ...


class Store(Protocol):
    dialect: str  # "duckdb", "postgresql" or "clickhouse": the suffix of a query file's variant

    def query(self, sql: str, params: Params = None) -> list[tuple]: ...

    def query_one(self, sql: str, params: Params = None) -> tuple | None: ...

    def query_df(self, sql: str, params: Params = None) -> pd.DataFrame: ...

    def write(self, fn: Callable[[Any], T]) -> T:
        """Run `fn(cursor)` serialised with every other write; on DuckDB and PostgreSQL in one
        transaction, rolled back if `fn` raises."""
        ...

    def execute(self, sql: str, params: Params = None) -> None: ...

    def insert_arrow(self, cur: Any, table: str, rows: pa.Table) -> None:
        """Insert `rows` into `table` by column name, inside a `write`."""
        ...

    def schema_versions(self) -> dict[str, int]: ...

    def close(self) -> None: ...


class AppStore(Store, Protocol):
    """The app store also runs the background jobs: once at a time across every app process."""

    def job_lock(self, name: str) -> AbstractContextManager[bool]:
        """`with store.job_lock("retention") as mine:` mine is True for one process at a time."""
        ...
