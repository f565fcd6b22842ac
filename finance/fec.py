"""Read a FEC file: size and binary checks, encoding, separator, header layout, then one pyarrow parse.

Every field is read as text (amounts and dates are typed later in DuckDB, where errors get line numbers).
Nothing here loops over rows in Python.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from finance.columns import USED_COLUMNS, Layout, missing_for_analysis, read_layout
from finance.errors import FecError

MAX_BYTES = 200 * 1024 * 1024  # default upload limit; the benchmark raises it
HEAD_BYTES = 64 * 1024
ROW_COLUMN = "_row"  # 0-based index of the data row, kept to give line numbers
SEPARATORS = {"\t": "TAB", "|": "PIPE", ";": "SEMICOLON"}
_NAME_RE = re.compile(r"(?P<siren>[0-9A-Za-z]*)FEC(?P<date>(?:19|20)\d\d[01]\d[0-3]\d)", re.IGNORECASE)
_MAGIC = {b"PK\x03\x04": "zip", b"%PDF": "pdf", b"\xd0\xcf\x11\xe0": "xls", b"\x1f\x8b": "gzip"}

Source = str | Path | bytes | bytearray | memoryview | BinaryIO


@dataclass
class FecMeta:
    file_name: str | None
    size: int
    encoding: str  # utf-8, utf-8-sig, iso8859_15, cp1252
    separator: str
    line_end: str  # LF, CRLF, CR, CRCRLF
    trailing_separator: bool
    layout: Layout
    header_line: int  # 1-based line of the header (blank lines before it are skipped)
    quoted: bool = False  # fields wrapped in double quotes (not legal, seen in spreadsheet re-exports)
    siren: str | None = None
    name_closing_date: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "file_name": self.file_name, "size": self.size, "encoding": self.encoding,
            "separator": SEPARATORS.get(self.separator, self.separator), "line_end": self.line_end,
            "trailing_separator": self.trailing_separator, "quoted": self.quoted, "columns": self.layout.count,
            "layout": self.layout.width, "variant": self.layout.variant, "header": list(self.layout.names),
            "extra_columns": list(self.layout.extras), "missing_columns": list(self.layout.missing),
            "siren": self.siren,
            "name_closing_date": self.name_closing_date.isoformat() if self.name_closing_date else None,
        }


@dataclass
class FecData:
    meta: FecMeta
    table: pa.Table  # canonical column names (the columns the analysis reads), all strings, plus ROW_COLUMN

    def line_of(self, row: int) -> int:
        """Line number shown to the user for a data row (header = line 1, blank lines not counted)."""
        return self.meta.header_line + 1 + int(row)


def parse_file_name(name: str | None) -> tuple[str | None, date | None]:
    """SirenFECAAAAMMJJ -> ('123456789', date(2050, 9, 30)); anything else -> (None, None)."""
    match = _NAME_RE.search(Path(name or "").name)
    if not match:
        return None, None
    raw = match.group("date")
    try:
        closing = date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        return match.group("siren") or None, None
    return match.group("siren") or None, closing


def _load(source: Source, name: str | None, max_bytes: int | None) -> tuple[bytes, str | None]:
    """Bytes of the file; the size limit is checked before reading and binary files are refused on
    their first bytes, so a huge or wrong file costs almost nothing."""
    limit_mb = round((max_bytes or 0) / 1_048_576)
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise FecError("fec.error.not_found", file=str(path))
        size = path.stat().st_size
        if max_bytes and size > max_bytes:
            raise FecError("fec.error.too_large", size_mb=round(size / 1_048_576), limit_mb=limit_mb)
        with path.open("rb") as handle:
            _refuse_binary(handle.read(HEAD_BYTES))
            handle.seek(0)
            return handle.read(), name or path.name
    if hasattr(source, "getvalue"):  # io.BytesIO, Streamlit UploadedFile
        name = name or getattr(source, "name", None)
        source = source.getvalue()
    elif hasattr(source, "read"):
        name = name or getattr(source, "name", None)
        source = source.read(max_bytes + 1) if max_bytes else source.read()
    data = bytes(source)
    if max_bytes and len(data) > max_bytes:
        raise FecError("fec.error.too_large", size_mb=round(len(data) / 1_048_576), limit_mb=limit_mb)
    _refuse_binary(data[:HEAD_BYTES])
    return data, (Path(name).name if name else None)


def _refuse_binary(head: bytes) -> None:
    if not head.strip():
        raise FecError("fec.error.empty")
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            raise FecError("fec.error.binary_kind", kind=kind)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FecError("fec.error.utf16")
    controls = np.frombuffer(head, dtype=np.uint8)
    bad = np.count_nonzero((controls < 9) | ((controls > 13) & (controls < 32) & (controls != 26)))
    if bad > max(2, len(head) // 1000):  # NUL bytes or control noise: not a text file
        raise FecError("fec.error.binary")


def _head_encoding(head: bytes) -> str | None:
    """'utf-8'/'utf-8-sig' when the first bytes decode as UTF-8, else None (8-bit charset)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut by the sniffing window
            return None
    return "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"


def _eight_bit(data: bytes) -> str:
    """The legal ISO-8859-15, or cp1252 when bytes 0x80-0x9F occur (they are controls in ISO-8859-15)."""
    if re.search(rb"[\x80-\x9f]", data):
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"
    return "iso8859_15"


def _line_end(head: bytes) -> str:
    if b"\r\r\n" in head:
        return "CRCRLF"
    if b"\r\n" in head:
        return "CRLF"
    if b"\r" in head and b"\n" not in head:
        return "CR"
    return "LF"


def _split_lines(text: str, count: int) -> list[tuple[int, str]]:
    """First `count` non-blank lines with their 1-based physical line number (\\r\\r\\n counts as one)."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(re.split(r"\r*\n|\r+(?!\n)", text), start=1):
        if line.strip():
            out.append((number, line))
            if len(out) == count:
                break
    return out


def _separator(header: str) -> str:
    counts = {sep: header.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda s: counts[s])
    if counts[best] < 8:  # DGFiP rule: a FEC header has at least 9 fields
        raise FecError("fec.error.separator", line=1)
    return best


def read_fec(source: Source, name: str | None = None, *, max_bytes: int | None = MAX_BYTES) -> FecData:
    """Parse a FEC (path, bytes or file object). Raises FecError with a message key on unreadable input."""
    data, file_name = _load(source, name, max_bytes)
    encoding = _head_encoding(data[:HEAD_BYTES]) or _eight_bit(data)
    body = memoryview(data)[3:] if data.startswith(b"\xef\xbb\xbf") else memoryview(data)  # no copy
    head_text = bytes(body[:HEAD_BYTES]).decode("utf-8" if encoding.startswith("utf") else encoding, "replace")
    lines = _split_lines(head_text, 2)
    if not lines:
        raise FecError("fec.error.empty")
    header_line, header = lines[0]
    sep = _separator(header)
    names = header.split(sep)
    trailing = len(names) > 1 and not names[-1].strip()
    if trailing:
        names = names[:-1]
    quoted = all(len(n.strip()) > 1 and n.strip()[0] == n.strip()[-1] == '"' for n in names)
    if quoted:
        names = [n.strip()[1:-1] for n in names]
    layout = read_layout(names)
    missing = missing_for_analysis(layout)
    if missing:
        raise FecError("fec.error.missing_columns", line=header_line, columns=", ".join(missing))
    if layout.duplicates:
        raise FecError("fec.error.duplicate_columns", line=header_line, columns=", ".join(layout.duplicates))
    width = len(names)
    if len(lines) > 1:
        first = lines[1][1].split(sep)
        if len(first) == width + 1 and not first[-1].strip():  # rows end with a separator, header does not
            trailing = True
    if trailing:
        width += 1
    offset = _header_offset(body, header_line)
    wanted = {pos: canon for canon, pos in layout.positions.items() if canon in USED_COLUMNS}
    keep = sorted(wanted)
    try:
        table = _parse(body, offset, width, sep, encoding, header_line, keep, quoted)
    except pa.ArrowInvalid as exc:
        if not encoding.startswith("utf") or "UTF8" not in str(exc):
            raise FecError("fec.error.encoding", detail=str(exc)[:200]) from exc
        encoding = _eight_bit(data)  # invalid UTF-8 only past the sniffed head
        table = _parse(body, offset, width, sep, encoding, header_line, keep, quoted)
    columns = [table.column(f"c{i}") for i in keep]
    columns.append(pa.array(np.arange(table.num_rows, dtype=np.int64)))
    table = pa.Table.from_arrays(columns, names=[wanted[i] for i in keep] + [ROW_COLUMN])
    if table.num_rows == 0:
        raise FecError("fec.error.no_rows")
    siren, closing = parse_file_name(file_name)
    meta = FecMeta(file_name, len(data), encoding, sep, _line_end(data[:HEAD_BYTES]), trailing, layout,
                   header_line, quoted, siren, closing)
    return FecData(meta, table)


def _header_offset(body: memoryview, header_line: int) -> int:
    """Byte offset of the header line (skips blank lines before it, which pyarrow would not count)."""
    if header_line == 1:
        return 0
    match = re.match(rb"(?:[ \t]*(?:\r*\n|\r))+", body)
    return match.end() if match else 0


def _parse(body: memoryview, offset: int, width: int, sep: str, encoding: str, header_line: int,
           keep: list[int], quoted: bool) -> pa.Table:
    """Every row is split (so field counts are checked) but only the `keep` columns are converted."""
    names = [f"c{i}" for i in range(width)]
    bad: list[tuple[int | None, int, str]] = []

    def on_invalid(row: Any) -> str:
        bad.append((row.number, row.actual_columns, row.text))
        return "skip"

    def read(threads: bool, codec: str) -> pa.Table:
        buffer = pa.BufferReader(pa.py_buffer(body[offset:]))
        return pacsv.read_csv(
            buffer,
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, use_threads=threads,
                                           encoding="utf8" if codec.startswith("utf") else codec,
                                           block_size=8 << 20),
            parse_options=pacsv.ParseOptions(delimiter=sep, quote_char='"' if quoted else False, double_quote=quoted,
                                             escape_char=False, newlines_in_values=False,
                                             ignore_empty_lines=True, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 include_columns=[names[i] for i in keep],
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )

    table = read(True, encoding)
    if bad:
        if any(number is None for number, _, _ in bad):  # threaded reads do not know line numbers
            bad.clear()
            read(False, encoding)
        number, found, text = bad[0]
        line = (number or 0) + header_line - 1 if number is not None else None
        raise FecError("fec.error.field_count", line=line, expected=width, found=found, count=len(bad),
                       excerpt=text[:80])
    return table
