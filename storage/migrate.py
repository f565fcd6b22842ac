"""Copy an embedded installation (data/*.duckdb) into the server stores, resumably.

    .venv/bin/python -m storage migrate-to postgresql://user@host/db    # the app store
    .venv/bin/python -m storage migrate-to clickhouse://user@host/db    # the audience store

The target is migrated first and must then have the embedded store's schema version (one history).
The unit of work is what can be checked by counting: on PostgreSQL a table, copied in one transaction;
on ClickHouse (no transactions) a month of a dated table, replaced whole when its count differs. A run
that stops (Ctrl-C, a lost connection) is resumed by running it again: what is already there with the
right count is skipped. At the end every table's count is compared.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

import pyarrow as pa

from storage.db import Database
from storage.store import Store

BATCH_ROWS = 100_000
_APP_TABLES = ("SELECT table_name FROM information_schema.tables WHERE table_catalog = ? AND table_schema = 'main' "
               "AND table_name <> 'schema_migrations' ORDER BY table_name")


@dataclass
class Report:
    copied: dict[str, int] = field(default_factory=dict)      # unit -> rows copied by this run
    skipped: list[str] = field(default_factory=list)          # units already there with the right count
    mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)  # table -> (embedded, target)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def _tables(source: Database, catalog: str) -> list[str]:
    return [name for (name,) in source.query(_APP_TABLES, [catalog])]


# Table names below come from the embedded store's own catalog (information_schema), the WHERE
# parts are this module's constants; every value is bound.
def _count(store: Store, table: str, where: str = "", params: object = None) -> int:
    return int(store.query_one(f"SELECT count(*) FROM {table}{where}", params)[0])  # noqa: S608


def _copy_rows(source: Database, target: Store, table: str, where: str = "", params: list | None = None) -> None:
    """SELECT * of the embedded `table` into the target's, in batches, in one `write`."""
    with source.cursor() as cur:
        reader = cur.sql(f"SELECT * FROM {table}{where}", params=params or None).to_arrow_reader(  # noqa: S608
            BATCH_ROWS)

        def copy(target_cur) -> None:
            for batch in reader:
                target.insert_arrow(target_cur, table, pa.Table.from_batches([batch]))
        target.write(copy)


def _check_versions(source: Database, target: Store, store: str) -> None:
    mine, theirs = source.schema_versions()[store], target.schema_versions()[store]
    if mine != theirs:
        raise SystemExit(f"the embedded {store} store is at schema version {mine}, the target at {theirs}: "
                         "run both on the same version of the code first")


def copy_app(source: Database, target: Store, progress: Callable[[str], None] = print) -> Report:
    """Every app table into PostgreSQL, one transaction a table."""
    _check_versions(source, target, "app")
    report = Report()
    tables = _tables(source, "app")
    for n, table in enumerate(tables, 1):
        expected, present = _count(source, table), _count(target, table)
        if present == expected:
            report.skipped.append(table)
            progress(f"[{n}/{len(tables)}] {table}: " + (f"{expected} rows already there" if expected else "empty"))
            continue
        if present:
            raise SystemExit(f"{table} holds {present} rows on the target, not 0 nor the {expected} of the "
                             "embedded store: it is not a copy of ours (each table is copied in one transaction)")
        _copy_rows(source, target, table)
        report.copied[table] = expected
        progress(f"[{n}/{len(tables)}] {table}: {expected} rows copied")
    _compare(source, target, tables, report)
    return report


def copy_audience(source: Database, target: Store, progress: Callable[[str], None] = print) -> Report:
    """Every audience table into ClickHouse, a month of a dated table at a time."""
    _check_versions(source, target, "audience")
    report = Report()
    tables = [f"audience.{name}" for name in _tables(source, "audience")]
    for n, table in enumerate(tables, 1):
        dated = bool(source.query_one("SELECT count(*) FROM information_schema.columns WHERE table_catalog = "
                                      "'audience' AND table_name = ? AND column_name = 'day'",
                                      [table.split(".")[1]])[0])
        month_sql = f"SELECT DISTINCT year(day) * 100 + month(day) FROM {table} ORDER BY 1"  # noqa: S608
        months = [m for (m,) in source.query(month_sql)] if dated else [None]
        for month in months:
            unit = f"{table} {month}" if month else table
            where_duck = " WHERE year(day) * 100 + month(day) = ?" if month else ""
            where_ch = " WHERE toYYYYMM(day) = {month:UInt32}" if month else ""
            ch_params = {"month": month} if month else None
            expected = _count(source, table, where_duck, [month] if month else [])
            present = _count(target, table, where_ch, ch_params)
            if present == expected:
                report.skipped.append(unit)
                continue
            if present:  # a month half written by a run that stopped: replaced whole
                target.execute(f"DELETE FROM {table}{where_ch}" if month else f"TRUNCATE TABLE {table}",  # noqa: S608
                               ch_params)
            _copy_rows(source, target, table, where_duck, [month] if month else [])
            report.copied[unit] = expected
        progress(f"[{n}/{len(tables)}] {table}: {len(months)} part(s) checked")
    _compare(source, target, tables, report)
    return report


def _compare(source: Database, target: Store, tables: list[str], report: Report) -> None:
    for table in tables:
        mine, theirs = _count(source, table), _count(target, table)
        if mine != theirs:
            report.mismatches[table] = (mine, theirs)


def main(argv: list[str], out: TextIO = sys.stdout) -> int:
    if len(argv) != 2 or argv[0] != "migrate-to":
        print("usage: python -m storage migrate-to postgresql://… | clickhouse://… | chdb:///dir", file=out)
        return 2
    from config.settings import get_settings
    from storage.db import DatabaseLockedError, open_server

    url = argv[1]
    try:
        source = Database(get_settings().APP_DATA_DIR)
    except DatabaseLockedError as exc:
        print(exc, file=out)
        return 3
    target = open_server(url)
    try:
        copy = copy_app if target.dialect == "postgresql" else copy_audience
        report = copy(source, target, progress=lambda line: print(line, file=out, flush=True))
    finally:
        source.close()
        target.close()
    for table, (mine, theirs) in report.mismatches.items():
        print(f"COUNT MISMATCH {table}: {mine} embedded, {theirs} on the target", file=out)
    print(f"{'done' if report.ok else 'FAILED'}: {sum(report.copied.values())} rows copied, "
          f"{len(report.skipped)} part(s) already there", file=out)
    return 0 if report.ok else 1
