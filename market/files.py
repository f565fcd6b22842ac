"""What an imported file is, before a row is read: CSV or Parquet, plain or in a zip, its separator and
encoding, its columns checked against the published layout. Every problem is a MarketError naming it.

Only the header is read here (the first 64 KB of a CSV, the schema of a Parquet file); DuckDB reads the
rows later, straight from the file. A zip is extracted next to the database first (DuckDB reads no zip
without an extension we do not load), after checking that the disk has room for it.
"""
from __future__ import annotations

import gzip
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pyarrow.parquet as pq

from market.errors import MarketError
from market.layouts import Layout, identify

SEPARATORS = (",", ";", "\t")
HEAD_BYTES = 65_536
SPARE_BYTES = 64 * 1_048_576   # room left free on the disk after the import


@dataclass(frozen=True)
class Source:
    path: Path            # the file DuckDB reads (the extracted member of a zip)
    fmt: str              # "csv" | "parquet"
    delim: str            # CSV separator ("" for Parquet)
    columns: tuple[str, ...]
    layout: Layout
    file_date: date       # the zip member's date or the file's modification date
    name: str             # the name given, for messages and the dataset's record
    gzipped: bool = False  # a gzipped CSV (the BAN is published as adresses-france.csv.gz): DuckDB reads it as is


def free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def _check_room(folder: Path, needed: int) -> None:
    free = free_bytes(folder)
    if free < needed + SPARE_BYTES:
        raise MarketError("market.import.error.disk_full", needed=f"{needed / 1e9:.1f}", free=f"{free / 1e9:.1f}")


def _zip_member(archive: zipfile.ZipFile, layout_hint: str) -> zipfile.ZipInfo:
    members = [m for m in archive.infolist() if m.filename.lower().endswith((".csv", ".parquet"))]
    if layout_hint:
        hinted = [m for m in members if m.filename.lower().endswith(layout_hint.lower())]
        members = hinted or members
    if not members:
        raise MarketError("market.import.error.zip_empty")
    return max(members, key=lambda m: m.file_size)  # a stock zip also holds small notes


def _csv_header(path: Path, gzipped: bool = False) -> tuple[str, tuple[str, ...]]:
    try:
        with (gzip.open(path, "rb") if gzipped else path.open("rb")) as handle:
            head = handle.read(HEAD_BYTES)
    except (gzip.BadGzipFile, EOFError):
        raise MarketError("market.import.error.damaged") from None
    if not head.strip():
        raise MarketError("market.import.error.empty")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4096]:
        raise MarketError("market.import.error.encoding")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    try:
        # Up to the last complete line: the 64 KB cut may fall inside a multi-byte character.
        head.rsplit(b"\n", 1)[0].decode("utf-8") if b"\n" in head else head.decode("utf-8")
    except UnicodeDecodeError:
        raise MarketError("market.import.error.encoding") from None
    first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").rstrip("\r")
    delim = max(SEPARATORS, key=first.count)
    columns = tuple(c.strip().strip('"') for c in first.split(delim)) if first.count(delim) else (first.strip(),)
    return delim, columns


def _read_header(path: Path) -> tuple[str, str, tuple[str, ...], bool]:
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic == b"PAR1":
        try:
            return "parquet", "", tuple(pq.read_schema(path).names), False
        except Exception:  # a truncated or damaged Parquet file: pyarrow raises several kinds
            raise MarketError("market.import.error.damaged") from None
    gzipped = magic[:2] == b"\x1f\x8b"
    delim, columns = _csv_header(path, gzipped)
    return "csv", delim, columns, gzipped


def match_layout(columns: tuple[str, ...], candidates: tuple[Layout, ...]) -> Layout:
    """The candidate layout these columns satisfy, or the MarketError that says what is wrong."""
    present = set(columns)
    for layout in candidates:
        if set(layout.required) <= present:
            return layout
    expected = candidates[0]
    if len(columns) == 1 and sum(name in columns[0] for name in expected.required) >= 2:
        raise MarketError("market.import.error.separator")
    other = identify(list(columns))
    if other is not None and other not in candidates:
        raise MarketError("market.import.error.other_file", found=other.name, expected=expected.name)
    best = max(candidates, key=lambda layout: len(set(layout.required) & present))
    missing = [c for c in best.required if c not in present]
    if len(missing) < len(best.required):
        raise MarketError("market.import.error.missing_columns", columns=", ".join(missing), expected=best.name)
    raise MarketError("market.import.error.wrong_file", expected=expected.name)


@contextmanager
def open_source(path: Path, candidates: tuple[Layout, ...], work_dir: Path) -> Iterator[Source]:
    """The checked file, ready for DuckDB; an extracted zip member is deleted afterwards."""
    path = Path(path)
    if not path.is_file():
        raise MarketError("market.import.error.not_found", name=path.name)
    extracted: Path | None = None
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                member = _zip_member(archive, candidates[0].zip_member)
                work_dir.mkdir(parents=True, exist_ok=True)
                _check_room(work_dir, member.file_size)
                handle, name = tempfile.mkstemp(prefix="import-", suffix=Path(member.filename).suffix, dir=work_dir)
                os.close(handle)  # a name of its own: two imports at once never share the extracted file
                extracted = Path(name)
                with archive.open(member) as src, extracted.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 4 * 1_048_576)
                file_date = date(*member.date_time[:3])
            readable = extracted
        else:
            readable, file_date = path, datetime.fromtimestamp(path.stat().st_mtime).date()
        fmt, delim, columns, gzipped = _read_header(readable)
        layout = match_layout(columns, candidates)
        # The kept columns of a CSV take about half its size in DuckDB, a Parquet file (or a gzipped CSV,
        # about a quarter of the plain one) about its own size; the sort may spill as much again to the
        # temporary folder beside the database.
        size = readable.stat().st_size
        _check_room(work_dir if work_dir.exists() else work_dir.parent,
                    size // 2 if fmt == "csv" and not gzipped else size)
        yield Source(readable, fmt, delim, columns, layout, file_date, path.name, gzipped)
    except zipfile.BadZipFile:
        raise MarketError("market.import.error.damaged") from None
    except OSError as exc:
        if exc.errno == 28:  # ENOSPC while extracting
            raise MarketError("market.import.error.disk_full", needed="?", free="0") from None
        raise
    finally:
        if extracted is not None:
            extracted.unlink(missing_ok=True)
