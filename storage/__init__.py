"""The one database module: the process that owns the DuckDB files, and the only write path.

    from storage import get_db
    rows = get_db().query("SELECT ... WHERE user_id = ?", [user.id])
    get_db().write(lambda cur: cur.execute("INSERT ...", [...]))

Two files: `app.duckdb` (personal and application data) is the main catalog and
`audience.duckdb` (anonymised audience data) is attached as `audience`. A transaction may
write to one of them only (a DuckDB rule), so migrations are kept per file.
"""
from storage.db import Database, DatabaseLockedError, get_db, insert_arrow, reset_db
from storage.queries import load_sql

__all__ = ["Database", "DatabaseLockedError", "get_db", "insert_arrow", "reset_db", "load_sql"]
