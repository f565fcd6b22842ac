"""Numbered schema migrations, one folder per database file, applied at start-up.

`migrations/app/0001_core.sql` runs against app.duckdb, `migrations/audience/0100_x.sql`
against audience.duckdb. Each file runs in its own transaction together with the row that
records its version, so a failing migration leaves the schema as it was.
Numbering blocks by area: 0001-0099 core, 0100-0199 audience, 0200-0299 finance,
0300-0399 privacy, 0400-0499 forecast, 0500-0599 market study, 0600-0699 login sessions.

The server engines have their own folder beside the DuckDB files, with the SAME versions and names
(one version history per store, whichever engine holds it): `app/postgresql/` for the app store on
PostgreSQL, `audience/clickhouse/` for the audience store on ClickHouse. A schema change is a new
file in each folder of its store; tests compare the schemas the engines end up with.
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

MIGRATION_DIR = Path(__file__).resolve().parent
CATALOGS = ("app", "audience")
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def folder(store: str, dialect: str = "duckdb") -> Path:
    """Where the migrations of `store` ("app" or "audience") for `dialect` live."""
    base = MIGRATION_DIR / store
    return base if dialect == "duckdb" else base / dialect


def statements(path: Path) -> list[str]:
    """The statements of a migration file, for engines that run one at a time (ClickHouse): each
    ends with `;` at the end of a line (the files are written so; no `;` inside a line's text)."""
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("--"))
    return [part.strip() for part in re.split(r";[ \t]*$", text, flags=re.MULTILINE) if part.strip()]


def pending(folder: Path, applied: set[int]) -> list[tuple[int, Path]]:
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise ValueError(f"migration file name must be NNNN_name.sql: {path.name}")
        version = int(match.group(1))
        if version not in applied:
            found.append((version, path))
    return found


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every pending migration of both files; return the names applied."""
    done = []
    for catalog in CATALOGS:
        cur = con.cursor()
        try:
            cur.execute(f"USE {catalog}")
            cur.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                        "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            applied = {row[0] for row in cur.execute("SELECT version FROM schema_migrations").fetchall()}
            for version, path in pending(MIGRATION_DIR / catalog, applied):
                cur.execute("BEGIN TRANSACTION")
                try:
                    cur.execute(path.read_text(encoding="utf-8"))
                    cur.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                                [version, path.name])
                except Exception:
                    cur.execute("ROLLBACK")
                    raise
                cur.execute("COMMIT")
                done.append(f"{catalog}/{path.name}")
        finally:
            cur.close()
    return done
