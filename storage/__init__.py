"""The one database module: the process that owns the DuckDB files, and the only write path.

    from storage import get_db
    rows = get_db().query("SELECT ... WHERE user_id = ?", [user.id])
    get_db().write(lambda cur: cur.execute("INSERT ...", [...]))

Two files: `app.duckdb` (personal and application data) is the main catalog and
`audience.duckdb` (anonymised audience data) is attached as `audience`. A transaction may
write to one of them only (a DuckDB rule), so migrations are kept per file.

By settings, the app store can be PostgreSQL (APP_DATABASE_URL) and the audience store ClickHouse
(AUDIENCE_DATABASE_URL); `get_db()` and `get_audience_db()` return whichever runs, all with the
interface of storage/store.py.
"""
from storage.db import Database, DatabaseLockedError, get_audience_db, get_db, insert_arrow, reset_db
from storage.queries import load_sql
from storage.store import Store

__all__ = ["Database", "DatabaseLockedError", "Store", "get_audience_db", "get_db", "insert_arrow", "reset_db",
           "load_sql"]
