"""The app store on PostgreSQL (15+), chosen by `APP_DATABASE_URL=postgresql://…`.

The same contract as the embedded Database (storage/store.py), for several app processes:

* a connection pool (psycopg_pool); reads run on any pooled connection, in autocommit;
* `write(fn)` = one transaction that first takes a transaction-level advisory lock, so writes are
  serialised across every process on the database as they are in the embedded store (a domain
  write that reads, then writes what it read, relies on it). READ COMMITTED, the default, is what
  makes this work: each statement after the lock sees every write committed before it;
* placeholders: psycopg's RawCursor. psycopg has no `?` style; its default and client-side cursors
  take `%s` and parse every `%` of the text (`LIKE 'a%'` would have to be written `'a%%'`). The raw
  cursor sends the text as written and the values apart (the server's own `$1` binding), and DuckDB
  reads `$1` too: a query file written with `$1` runs on both, one written with `?` has a
  `.postgresql.sql` variant. Nothing rewrites SQL at run time;
* JSON columns come back as text, as DuckDB returns them, so the domain code parses them itself.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import pandas as pd
import psycopg
import pyarrow as pa
from psycopg import sql as pgsql
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.string import TextLoader
from psycopg_pool import ConnectionPool, PoolTimeout

from storage.migrations import folder, pending

T = TypeVar("T")
# Keys of the advisory locks taken by every write and by the migrations (any constant bigints).
WRITE_LOCK_KEY = 0x5011_07E0
_MIGRATIONS_LOCK_KEY = 0x5011_07E1
# Column types that query_df converts to DuckDB's .df() types.
_TIMESTAMPTZ_OID = psycopg.adapters.types["timestamptz"].oid
_DATETIME_OIDS = {psycopg.adapters.types[name].oid for name in ("date", "timestamp", "timestamptz")}
_NUMERIC_OID = psycopg.adapters.types["numeric"].oid
_SMALL_INTS = {psycopg.adapters.types["int4"].oid: "int32", psycopg.adapters.types["int2"].oid: "int16"}


class DatabaseUnavailableError(RuntimeError):
    """The PostgreSQL server named by APP_DATABASE_URL cannot be reached."""


def _unreachable_message(url: str) -> str:
    info = conninfo_to_dict(url)  # the message names the server, never the password
    where = f"{info.get('host', 'localhost')}:{info.get('port', 5432)}/{info.get('dbname', '')}"
    return (f"PostgreSQL at {where} (APP_DATABASE_URL) cannot be reached: check that the server runs "
            "and accepts this user from this machine.")


def _configure(conn: psycopg.Connection) -> None:
    for name in ("json", "jsonb"):
        conn.adapters.register_loader(name, TextLoader)


class PostgresDatabase:
    dialect = "postgresql"

    def __init__(self, url: str, *, min_size: int = 1, max_size: int = 8, connect_timeout: float = 10) -> None:
        self._pool = ConnectionPool(url, min_size=min_size, max_size=max_size, open=True, configure=_configure,
                                    kwargs={"autocommit": True, "cursor_factory": psycopg.RawCursor})
        try:
            self._pool.wait(timeout=connect_timeout)
        except PoolTimeout:
            self._pool.close()
            raise DatabaseUnavailableError(_unreachable_message(url)) from None
        try:
            self.applied = apply_migrations(self)
        except BaseException:
            self._pool.close()
            raise

    # -- reads -----------------------------------------------------------------------------
    @contextmanager
    def cursor(self) -> Iterator[psycopg.RawCursor]:
        """A cursor for reads (autocommit); do not write through it (use `write`)."""
        with self._pool.connection() as conn, conn.cursor() as cur:
            yield cur

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        with self.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall() if cur.description is not None else []

    def query_one(self, sql: str, params: Sequence[Any] | None = None) -> tuple | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def query_df(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """A DataFrame with DuckDB's column types for the same query: dates and timestamps as
        datetime64 (DuckDB names UTC "Etc/UTC"), numeric (e.g. sum of a BIGINT) as float64,
        INTEGER as int32."""
        with self.cursor() as cur:
            cur.execute(sql, params)
            description = cur.description or ()
            df = pd.DataFrame(cur.fetchall(), columns=[col.name for col in description])
        for col in description:
            if col.type_code in _DATETIME_OIDS:
                df[col.name] = pd.to_datetime(df[col.name], utc=col.type_code == _TIMESTAMPTZ_OID).astype(
                    "datetime64[us, UTC]" if col.type_code == _TIMESTAMPTZ_OID else "datetime64[us]")
            elif col.type_code == _NUMERIC_OID:
                df[col.name] = df[col.name].astype("float64")
            elif col.type_code in _SMALL_INTS and len(df) and df[col.name].notna().all():
                df[col.name] = df[col.name].astype(_SMALL_INTS[col.type_code])
        return df

    # -- the write path --------------------------------------------------------------------
    def write(self, fn: Callable[[psycopg.RawCursor], T]) -> T:
        """Run `fn(cursor)` in one transaction, after every other write has committed or rolled back
        (on every process): everything `fn` did is rolled back if it raises."""
        with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock($1)", [WRITE_LOCK_KEY])
            return fn(cur)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        """A single-statement write."""
        self.write(lambda cur: cur.execute(sql, params))

    def insert_arrow(self, cur: psycopg.RawCursor, table: str, rows: pa.Table) -> None:
        """COPY the Arrow `rows` INTO `table` by column name (inside a `write`)."""
        target = pgsql.SQL("COPY {} ({}) FROM STDIN").format(
            pgsql.Identifier(*table.split(".")), pgsql.SQL(", ").join(map(pgsql.Identifier, rows.column_names)))
        with cur.copy(target) as copy:
            for batch in rows.to_batches():
                for row in zip(*(column.to_pylist() for column in batch.columns), strict=True):
                    copy.write_row(row)

    # -- jobs ------------------------------------------------------------------------------
    @contextmanager
    def job_lock(self, name: str) -> Iterator[bool]:
        """True when this process may run job `name` now: no other process on the database holds
        it. A session advisory lock on a connection kept for the job, so a replica that dies (its
        session ends) frees the job for the others."""
        key = job_key(name)
        with self._pool.connection() as conn:
            (got,) = conn.execute("SELECT pg_try_advisory_lock($1)", [key]).fetchone()
            try:
                yield bool(got)
            finally:
                if got:
                    conn.execute("SELECT pg_advisory_unlock($1)", [key])

    # -- maintenance -----------------------------------------------------------------------
    def vacuum_full(self, tables: Sequence[str]) -> None:
        """Rewrite `tables` from their live rows (VACUUM FULL): after an erasure, the deleted rows'
        bytes are then gone from the table files, as the embedded store's file rebuild does.

        Plain VACUUM only marks the space reusable (the bytes stay until overwritten: tested). The
        WAL keeps them until its segments are recycled, and backups until they expire."""
        with self._pool.connection() as conn:  # autocommit: VACUUM cannot run in a transaction
            for table in tables:
                conn.execute(pgsql.SQL("VACUUM FULL {}").format(pgsql.Identifier(*table.split("."))))

    def rebuild_app_file(self) -> None:
        """What the embedded store's file rebuild is to an erasure: every app table rewritten from its
        live rows (VACUUM FULL), so that privacy/erasure.py runs unchanged on PostgreSQL."""
        tables = [name for (name,) in self.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        self.vacuum_full(tables)

    def schema_versions(self) -> dict[str, int]:
        row = self.query_one("SELECT coalesce(max(version), 0) FROM schema_migrations")
        return {"app": int(row[0]) if row else 0}

    def close(self) -> None:
        self._pool.close()


def job_key(name: str) -> int:
    """The advisory-lock key of a job: a stable signed 64-bit hash of its name."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


def apply_migrations(db: PostgresDatabase) -> list[str]:
    """Apply the pending files of migrations/app/postgresql, each in its own transaction with its
    version row; replicas starting together wait on one advisory lock, so each file runs once."""
    done = []
    with db._pool.connection() as conn:
        conn.execute("SELECT pg_advisory_lock($1)", [_MIGRATIONS_LOCK_KEY])
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                         "name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            applied = {row[0] for row in conn.execute("SELECT version FROM schema_migrations").fetchall()}
            for version, path in pending(folder("app", "postgresql"), applied):
                with conn.transaction():
                    conn.execute(path.read_text(encoding="utf-8"))  # no parameters: several statements
                    conn.execute("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                                 [version, path.name])
                done.append(f"app/postgresql/{path.name}")
        finally:
            conn.execute("SELECT pg_advisory_unlock($1)", [_MIGRATIONS_LOCK_KEY])
    return done
