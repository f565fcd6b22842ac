"""The market study's data module: the only code of the package that talks to the database.

Datasets (INSEE open data, no personal data) live in the analytics store, beside the audience events
(catalog `audience`, the store that scales out in issue 21). An import builds `<table>_staging` from
the file and swaps it in within the same transaction: the previous dataset stays until the new one is
complete, and a failure leaves nothing half-imported. Saved studies live in app.duckdb, one row per
study, and every study function takes the acting user and only ever touches their rows.
"""
from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from accounts.model import PermissionDenied, User, require, require_saver
from accounts.validation import clean_text
from market.errors import MarketError
from market.files import Source
from storage import get_db, load_sql

log = logging.getLogger(__name__)
_IMPORT_LOCK = threading.Lock()


@dataclass(frozen=True)
class Plan:
    """How one kind of file becomes tables: build the staging tables, check them, swap them in."""
    stage: tuple[str, ...]
    check: str
    swap: tuple[str, ...]


PLANS: dict[str, Plan] = {
    "sirene": Plan(("stage_sirene", "stage_centres"), "check_sirene", ("establishments", "commune_centres")),
    "geo": Plan(("stage_geo", "restage_establishments", "stage_centres"), "check_geo",
                ("geo", "establishments", "commune_centres")),
    "population": Plan(("stage_population",), "check_population", ("population",)),
    "cog_communes": Plan(("stage_cog_communes",), "check_cog_communes", ("communes",)),
    "cog_departements": Plan(("stage_cog_departements",), "check_cog_departements", ("departements",)),
    "epci": Plan(("stage_epci",), "check_epci", ("epci",)),
    "bpe": Plan(("stage_bpe",), "check_bpe", ("bpe",)),
    "spending": Plan(("stage_spending",), "check_spending", ("spending",)),
    "ban": Plan(("stage_ban",), "check_ban", ("addresses",)),
}


@dataclass(frozen=True)
class Dataset:
    kind: str
    source_name: str
    file_date: date
    row_count: int
    demo: bool
    imported_at: datetime


def _sql(name: str) -> str:
    return load_sql(f"market/{name}")


def work_dir() -> Path:
    """Where a zip is extracted before DuckDB reads it: beside the database (same disk)."""
    return get_db().data_dir / "market-import"


def _source_view(cur: duckdb.DuckDBPyConnection, source: Source) -> None:
    if source.fmt == "parquet":
        rel = cur.read_parquet(str(source.path))
    else:
        rel = cur.read_csv(str(source.path), sep=source.delim, header=True, all_varchar=True, quotechar='"',
                           strict_mode=False, null_padding=True, compression="gzip" if source.gzipped else "none")
    absent = [c for c in source.layout.optional if c not in source.columns]
    if absent:  # optional published columns (NAF 2025 code, COMPARENT) read as NULL when the file lacks them
        rel = rel.select(", ".join(["*"] + [f"NULL::VARCHAR AS {name}" for name in absent]))
    cur.register("market_source", rel)  # a replacement scan: writes nothing to app.duckdb


def _translate(exc: duckdb.Error) -> MarketError:
    text = str(exc)
    lowered = text.lower()
    if "no space left" in lowered or "disk full" in lowered or "could not write" in lowered:
        return MarketError("market.import.error.disk_full", needed="?", free="0")
    if "unicode" in lowered or "utf-8" in lowered or "utf8" in lowered:
        return MarketError("market.import.error.encoding")
    if "out of memory" in lowered:
        return MarketError("market.import.error.memory")
    log.warning("market import failed: %s", text)
    return MarketError("market.import.error.unreadable")


class _Watch:
    """Reports a long statement's progress (DuckDB's query_progress, 0-100) every second, from a thread."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, report: Callable[[float], None]) -> None:
        self.cur, self.report = cur, report
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self.done.wait(1.0):
            try:
                pct = self.cur.query_progress()
            except duckdb.Error:
                return
            if 0 <= pct <= 100:
                self.report(pct)

    def __enter__(self) -> _Watch:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join()


def import_source(source: Source, *, file_date: date, demo: bool = False,
                  progress: Callable[[float, str], None] | None = None) -> int:
    """Replace the dataset `source.layout.kind` with the file's rows; return the row count.

    The staging tables are built and checked in a transaction of their own (`Database.build`: the long
    part does not hold the write lock, so the app's other writes go on); then one short `write` drops
    the current tables, renames the staging ones and records the file's date. A failure anywhere leaves
    the current dataset as it was. One import at a time."""
    kind = source.layout.kind
    plan = PLANS[kind]
    report = progress or (lambda share, step: None)

    def stage(cur: duckdb.DuckDBPyConnection) -> int:
        _source_view(cur, source)
        cur.execute("SET enable_progress_bar = true")          # DuckDB then tracks the query's progress,
        cur.execute("SET enable_progress_bar_print = false")   # which a thread reads (nothing printed)
        span = 0.7 / len(plan.stage)
        for index, name in enumerate(plan.stage):
            step = f"market.progress.{name}"
            report(0.1 + span * index, step)
            with _Watch(cur, lambda pct, base=0.1 + span * index, step=step: report(base + span * pct / 100, step)):
                cur.execute(_sql(name))
        report(0.85, "market.progress.check")
        rows, bad = cur.execute(_sql(plan.check)).fetchone()
        if rows == 0:
            raise MarketError("market.import.error.empty")
        if bad * 2 > rows:
            raise MarketError("market.import.error.bad_values", bad=bad, rows=rows)
        return int(rows)

    def swap(cur: duckdb.DuckDBPyConnection) -> None:
        for table in plan.swap:
            cur.execute(_sql(f"swap_{table}"))
        cur.execute(_sql("record_dataset"), [kind, source.name, file_date, rows, demo])

    db = get_db()
    with _IMPORT_LOCK:
        try:
            rows = db.build(stage)
            report(0.9, "market.progress.swap")
            try:
                db.write(swap)
            except BaseException:
                db.write(lambda cur: [cur.execute(_sql(f"drop_staging_{t}")) for t in plan.swap])
                raise
        except duckdb.Error as exc:
            raise _translate(exc) from None
    report(1.0, "market.progress.done")
    return rows


def datasets() -> dict[str, Dataset]:
    return {row[0]: Dataset(*row) for row in get_db().query(_sql("datasets"))}


# -- reads for the competition, the areas and the sizing ------------------------------------------------
def frame(name: str, params: list) -> pd.DataFrame:
    """The rows of the named query storage/queries/market/<name>.sql as a frame."""
    return get_db().query_df(_sql(name), params)


def rows(name: str, params: list) -> list[tuple]:
    return get_db().query(_sql(name), params)


# -- saved studies ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SavedStudy:
    id: str
    name: str
    created_at: datetime
    updated_at: datetime


def save_study(actor: User | None, name: str, document: dict, study_id: str | None = None) -> str:
    """Insert a study, or update the actor's study `study_id`; return its id."""
    user = require_saver(actor)
    name = clean_text(name, "company", required=True)
    payload = json.dumps(document, ensure_ascii=False, default=str)

    def run(cur) -> str:
        if study_id is None:
            return str(cur.execute(_sql("study_insert"), [user.id, name, payload]).fetchone()[0])
        if not cur.execute(_sql("study_update"), [name, payload, study_id, user.id]).fetchall():
            raise PermissionDenied("study")
        return study_id
    return get_db().write(run)


def list_studies(actor: User | None) -> list[SavedStudy]:
    user = require(actor, "user")
    return [SavedStudy(*row) for row in get_db().query(_sql("study_list"), [user.id])]


def load_study(actor: User | None, study_id: str) -> tuple[str, dict]:
    user = require(actor, "user")
    row = get_db().query_one(_sql("study_load"), [study_id, user.id])
    if row is None:  # someone else's study looks exactly like a missing one
        raise PermissionDenied("study")
    return row[0], json.loads(row[1])


def duplicate_study(actor: User | None, study_id: str, name: str) -> str:
    _, document = load_study(actor, study_id)
    return save_study(actor, name, document)


def delete_study(actor: User | None, study_id: str) -> None:
    user = require(actor, "user")

    def run(cur) -> None:
        if not cur.execute(_sql("study_delete"), [study_id, user.id]).fetchall():
            raise PermissionDenied("study")
    get_db().write(run)
