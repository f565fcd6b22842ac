"""Benchmark: what the write of a log import costs in DuckDB with the text columns stored as text (the
project's layout) and, as a what-if, with every text value replaced by an integer id (plus one table of
the distinct values), for the same rows.

    .venv/bin/python benchmarks/store_layout.py [--lines 1000000] [--repeat 3]

It imports a generated log (benchmarks/log_import.py's generator) for real, reads back the rows it
stored (audience.events and the three daily aggregate tables), then times, for each layout, one
transaction that inserts them all into a fresh database file and commits (the import's own write, minus
its computations). The what-if side includes encoding the text into ids. Nothing of the project uses
the id layout: these are the figures behind the choice.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import duckdb  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
from log_import import generate  # noqa: E402

TABLES = ("events", "daily_pages", "daily_visits", "daily_dimensions")


def stored_rows(log: Path) -> dict[str, pa.Table]:
    """Import `log` into a fresh data directory; the rows it stored, per table."""
    import os

    import storage.db as sdb
    from audience import logs
    from storage import Database

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["APP_DATA_DIR"] = tmp
        db = Database(Path(tmp))
        sdb._instance = db
        try:
            db.execute("INSERT INTO audience_sites (name, hosts) VALUES ('bench', ['www.example.fr'])")
            logs.import_file(log, "bench", db=db)
            with db.cursor() as cur:
                return {table: cur.sql(f"SELECT * FROM audience.{table}").to_arrow_table() for table in TABLES}
        finally:
            db.close()
            sdb._instance = None


def as_text(rows: dict[str, pa.Table]) -> dict[str, pa.Table]:
    return rows


def as_ids(rows: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """Every text column as int32 ids into one table of distinct values (per column name)."""
    out: dict[str, pa.Table] = {}
    values = []
    for table, data in rows.items():
        columns = {}
        for name, column in zip(data.column_names, data.columns, strict=True):
            if pa.types.is_string(column.type):
                encoded = pc.dictionary_encode(column.combine_chunks())
                columns[name] = encoded.indices
                values.append(pa.table({"kind": pa.array([f"{table}.{name}"] * len(encoded.dictionary)),
                                        "id": pa.array(range(len(encoded.dictionary)), pa.int32()),
                                        "value": encoded.dictionary}))
            else:
                columns[name] = column
        out[table] = pa.table(columns)
    out["text_values"] = pa.concat_tables(values)
    return out


def timed_write(rows: dict[str, pa.Table], layout) -> float:
    """Seconds to lay out the rows and insert them all in one transaction into a new file, committed
    (attached and inserted as the project does it: storage.db's row group size and insert_arrow)."""
    from storage.db import AUDIENCE_ROW_GROUP, insert_arrow

    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect()
        con.execute(f"ATTACH '{Path(tmp) / 'audience.duckdb'}' AS audience (ROW_GROUP_SIZE {AUDIENCE_ROW_GROUP})")
        for table, data in layout(rows).items():  # empty tables of the right types, before the clock starts
            con.register("shape", data.schema.empty_table())
            con.execute(f"CREATE TABLE audience.{table} AS SELECT * FROM shape")
            con.unregister("shape")
        started = time.perf_counter()
        con.execute("BEGIN TRANSACTION")
        for table, data in layout(rows).items():
            insert_arrow(con, f"audience.{table}", data)
        con.execute("COMMIT")
        elapsed = time.perf_counter() - started
        con.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "access.log"
        generate(log, args.lines, datetime.now(UTC).replace(microsecond=0) - timedelta(days=1))
        rows = stored_rows(log)
    sizes = ", ".join(f"{table} {data.num_rows:,} x {data.num_columns}" for table, data in rows.items())
    print(f"rows stored by the import of {args.lines:,} lines: {sizes}")
    results = {}
    for label, layout in (("text columns (the project's layout)", as_text), ("integer ids (what-if)", as_ids)):
        runs = [timed_write(rows, layout) for _ in range(args.repeat)]
        results[label] = statistics.median(runs)
        print(f"{label:38} {results[label]:.3f} s median of {' '.join(f'{r:.3f}' for r in sorted(runs))}")
    text, ids = results.values()
    print(f"difference: {text - ids:.3f} s per import ({text / ids:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
