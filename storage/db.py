"""The process-wide owner of the DuckDB files.

Reads run concurrently, each on its own cursor (DuckDB refuses one connection shared by
threads). Writes are serialised by one lock and run in a transaction: `write(fn)` is the only
way to change data. Maintenance that replaces a file (the rebuild after an erasure) takes the
gate exclusively, so no query sees a half-swapped database.
"""
from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb
import pyarrow as pa

from config.settings import get_settings
from storage.filemodes import make_private
from storage.migrations import apply_migrations
from storage.store import Store

if TYPE_CHECKING:  # pandas is slow to import: the CLI's log import never needs it (DuckDB's .df() imports it)
    import pandas as pd

T = TypeVar("T")
APP_FILE = "app.duckdb"
AUDIENCE_FILE = "audience.duckdb"
# Rows per row group of audience.duckdb: 40% of DuckDB's default (122,880), set per ATTACH (not
# stored in the file). An insert of at least a row group is written straight to the file, compressed,
# and an Arrow insert with a row group or more per thread on all threads (insert_arrow); anything
# smaller goes through the WAL and is compressed again at the checkpoint. A log import's aggregate
# tables were in the slow case (figures: benchmarks/store_layout.py).
AUDIENCE_ROW_GROUP = 49_152  # a multiple of DuckDB's vector size (2,048)
DEFAULT_ROW_GROUP = 122_880


class DatabaseLockedError(RuntimeError):
    """Another process holds the database files (DuckDB allows one writer process)."""


class _Gate:
    """Many readers or one exclusive holder (writers also count as readers here)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._exclusive = False

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            while self._exclusive:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            while self._exclusive:
                self._cond.wait()
            self._exclusive = True
            while self._readers:
                self._cond.wait()
        try:
            yield
        finally:
            with self._cond:
                self._exclusive = False
                self._cond.notify_all()


class Database:
    """Both stores embedded: app.duckdb, with audience.duckdb attached as `audience`."""

    dialect = "duckdb"

    def __init__(self, data_dir: Path, *, force_uncompressed: bool = False,
                 memory_limit: str = "") -> None:
        self.data_dir = Path(data_dir)
        self.force_uncompressed = force_uncompressed
        self.memory_limit = memory_limit
        self._gate = _Gate()
        self._write_lock = threading.RLock()
        self._job_locks: dict[str, threading.Lock] = {}
        self._con: duckdb.DuckDBPyConnection | None = None
        self.open()

    # -- lifecycle -------------------------------------------------------------------------
    @property
    def app_path(self) -> Path:
        return self.data_dir / APP_FILE

    @property
    def audience_path(self) -> Path:
        return self.data_dir / AUDIENCE_FILE

    def open(self) -> None:
        make_private(self.data_dir)
        config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
        if self.memory_limit:
            config["memory_limit"] = self.memory_limit
        try:
            con = duckdb.connect(str(self.app_path), config=config)
            con.execute(f"ATTACH ? AS audience (ROW_GROUP_SIZE {AUDIENCE_ROW_GROUP})", [str(self.audience_path)])
        except duckdb.IOException as exc:
            raise DatabaseLockedError(_locked_message(self.data_dir, str(exc))) from None
        if self.force_uncompressed:
            # Tests that search the files' bytes must not pass because data was compressed.
            con.execute("SET force_compression='uncompressed'")
        apply_migrations(con)
        self._con = con

    def close(self) -> None:
        with self._gate.exclusive():
            self._close_locked()

    def _close_locked(self) -> None:
        if self._con is not None:
            try:
                self._con.execute("CHECKPOINT")
                self._con.execute("CHECKPOINT audience")
            finally:
                self._con.close()
                self._con = None

    # -- reads -----------------------------------------------------------------------------
    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A private cursor for a read; do not write through it (use `write`)."""
        with self._gate.shared():
            if self._con is None:
                raise RuntimeError("database is closed")
            cur = self._con.cursor()
            try:
                yield cur
            finally:
                cur.close()

    def query(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[tuple]:
        with self.cursor() as cur:
            return cur.execute(sql, params or []).fetchall()

    def query_one(self, sql: str, params: Sequence[Any] | dict | None = None) -> tuple | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def query_df(self, sql: str, params: Sequence[Any] | dict | None = None) -> pd.DataFrame:
        with self.cursor() as cur:
            return cur.execute(sql, params or []).df()

    # -- the write path --------------------------------------------------------------------
    def write(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Run `fn(cursor)` in one transaction, serialised with every other write.

        Everything `fn` did is rolled back if it raises, so a failed write leaves nothing half done.
        """
        with self._write_lock, self.cursor() as cur:
            return _in_transaction(cur, fn)

    def build(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Run `fn(cursor)` in a transaction of its own WITHOUT the write lock: for a long write to tables
        nothing else writes (an import's staging tables), so that the other writes go on meanwhile.

        DuckDB runs it beside them (each transaction sees its own snapshot); a commit could only conflict
        on the same rows, which no one else touches. Everything is rolled back if `fn` raises. The
        result is then swapped in through `write`.
        """
        with self.cursor() as cur:
            return _in_transaction(cur, fn)

    def execute(self, sql: str, params: Sequence[Any] | dict | None = None) -> None:
        """A single-statement write."""
        self.write(lambda cur: cur.execute(sql, params or []))

    def insert_arrow(self, cur: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
        """The Store interface's Arrow insert (see `insert_arrow`)."""
        insert_arrow(cur, table, rows)

    def checkpoint(self) -> None:
        with self._write_lock, self.cursor() as cur:
            cur.execute("CHECKPOINT")
            cur.execute("CHECKPOINT audience")

    # -- jobs ------------------------------------------------------------------------------
    @contextmanager
    def job_lock(self, name: str) -> Iterator[bool]:
        """True when job `name` is not already running in this process (the only one: DuckDB's rule)."""
        lock = self._job_locks.setdefault(name, threading.Lock())  # atomic: one lock per name
        got = lock.acquire(blocking=False)
        try:
            yield got
        finally:
            if got:
                lock.release()

    # -- maintenance -----------------------------------------------------------------------
    @contextmanager
    def exclusive(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Stop all other access while a maintenance task runs on the raw connection."""
        with self._write_lock, self._gate.exclusive():
            if self._con is None:
                raise RuntimeError("database is closed")
            yield self._con

    @contextmanager
    def checkpointed(self) -> Iterator[None]:
        """Both files checkpointed, and every other access held off while the block runs: the
        files on disk are then a consistent copy (backups)."""
        with self.exclusive() as con:
            con.execute("CHECKPOINT")
            con.execute("CHECKPOINT audience")
            yield

    def rebuild_app_file(self) -> None:
        """Rewrite app.duckdb from its live rows only, then swap it in.

        DuckDB leaves deleted rows' bytes in free blocks of the file; copying the live data into
        a fresh file and replacing the old one is what makes an erasure unrecoverable.
        """
        fresh = self.data_dir / "app.rebuild.duckdb"
        for leftover in (fresh, fresh.with_name(fresh.name + ".wal")):
            leftover.unlink(missing_ok=True)
        with self._write_lock, self._gate.exclusive():
            con = self._con
            assert con is not None
            con.execute("CHECKPOINT")
            con.execute("ATTACH ? AS fresh", [str(fresh)])
            if self.force_uncompressed:
                con.execute("SET force_compression='uncompressed'")
            con.execute("COPY FROM DATABASE app TO fresh")
            con.execute("DETACH fresh")
            self._close_locked()
            os.replace(fresh, self.app_path)
            Path(str(self.app_path) + ".wal").unlink(missing_ok=True)
            _fsync_dir(self.data_dir)
            self.open()

    def schema_versions(self) -> dict[str, int]:
        out = {}
        for catalog in ("app", "audience"):
            row = self.query_one(f"SELECT coalesce(max(version), 0) FROM {catalog}.schema_migrations")  # noqa: S608 (the two catalogs)
            out[catalog] = int(row[0]) if row else 0
        return out


def _in_transaction(cur: duckdb.DuckDBPyConnection, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    cur.execute("BEGIN TRANSACTION")
    try:
        result = fn(cur)
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    cur.execute("COMMIT")
    return result


def insert_arrow(cur: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """INSERT the Arrow `rows` INTO `table` by column name (inside a `write`), as `for_insert` lays
    them out.

    On error the name stays registered: the transaction is aborted, and unregistering would fail and
    hide the error (the cursor is closed with the write)."""
    row_group = AUDIENCE_ROW_GROUP if table.startswith("audience.") else DEFAULT_ROW_GROUP
    threads = int(cur.execute("SELECT current_setting('threads')").fetchall()[0][0])
    rows = for_insert(rows, threads, row_group)
    columns = ", ".join(rows.column_names)
    cur.register("insert_arrow_rows", rows)
    # table and columns are the caller's code (a project table, its schema's names), never input
    cur.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM insert_arrow_rows")  # noqa: S608
    cur.unregister("insert_arrow_rows")


def for_insert(rows: pa.Table, threads: int, row_group: int) -> pa.Table:
    """`rows` in one record batch per thread when each gets a row group or more, as DuckDB then
    writes the row groups on all threads, else in one (several small batches are read on one thread)."""
    parts = max(1, min(threads, rows.num_rows // row_group))
    whole = rows.combine_chunks()
    if parts == 1:
        return whole
    return pa.Table.from_batches(whole.to_batches(max_chunksize=-(-rows.num_rows // parts)), schema=rows.schema)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _locked_message(data_dir: Path, detail: str) -> str:
    pid = re.search(r"PID (\d+)", detail)
    owner = f" (process {pid.group(1)})" if pid else ""
    return (f"The database under {data_dir} is already open in another process{owner}. "
            "Only one process may use it: stop the running app first, or use its pages "
            "instead of the command line.")


_instance: Database | None = None
_servers: dict[str, Store] = {}
_instance_lock = threading.Lock()


def _embedded() -> Database:
    global _instance
    if _instance is None:
        s = get_settings()
        _instance = Database(s.APP_DATA_DIR, force_uncompressed=s.DUCKDB_FORCE_UNCOMPRESSED,
                             memory_limit=s.DUCKDB_MEMORY_LIMIT)
    return _instance


APP_SCHEMES = ("postgresql://", "postgres://")
AUDIENCE_SCHEMES = ("clickhouse://", "clickhouses://", "chdb://")


def open_server(url: str) -> Store:
    """A new connection to the server store at `url`, migrated (the caller closes it)."""
    if url.startswith(APP_SCHEMES):
        from storage.postgres import PostgresDatabase

        return PostgresDatabase(url)
    if url.startswith(AUDIENCE_SCHEMES):
        from storage.clickhouse import connect

        return connect(url)
    raise ValueError(f"unsupported database URL scheme: {url.split(':', 1)[0]}")


def _server(url: str, setting: str, schemes: tuple[str, ...]) -> Store:
    """The process's store at `url`, opened (and migrated) on first use."""
    if not url.startswith(schemes):
        raise ValueError(f"{setting} must start with {' or '.join(schemes)} (got {url.split(':', 1)[0]}:)")
    if url not in _servers:
        _servers[url] = open_server(url)
    return _servers[url]


def get_db() -> Database | Store:
    """The process's app store, opened (and migrated) on first use: the embedded DuckDB Database,
    or PostgreSQL when APP_DATABASE_URL is set."""
    with _instance_lock:
        url = get_settings().APP_DATABASE_URL
        return _server(url, "APP_DATABASE_URL", APP_SCHEMES) if url else _embedded()


def get_audience_db() -> Database | Store:
    """The process's audience store: the embedded Database (the same object as get_db()'s when both
    are embedded), or ClickHouse when AUDIENCE_DATABASE_URL is set."""
    with _instance_lock:
        url = get_settings().AUDIENCE_DATABASE_URL
        return _server(url, "AUDIENCE_DATABASE_URL", AUDIENCE_SCHEMES) if url else _embedded()


def reset_db() -> None:
    """Close the process's stores (tests, shutdown)."""
    global _instance
    with _instance_lock:
        if _instance is not None:
            _instance.close()
            _instance = None
        while _servers:
            _servers.popitem()[1].close()
