"""Access-log import (nginx/Apache combined and common formats, plain or gzip), in bulk.

The file is split into lines without copying (numpy + Arrow), parsed by string functions in an
in-memory DuckDB (a full regex only for lines with escaped quotes), with the log rules
(errors, redirects, static files: pipeline.LOG_DROP_SQL) applied in the same query so dropped
lines never reach Python. The rest goes through the same pipeline as live events, in chunks
(progress), and everything is written in ONE transaction together with the file's digest:
re-importing a file (or the already imported beginning of a file that grew since) adds nothing.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from accounts import User, require
from audience import metrics, pipeline, sites
from audience.buffer import default_keys
from audience.config import AudienceConfig, load_config
from audience.event import RAW_SCHEMA, Drop
from audience.store import write_events
from storage import Database, get_db

CHUNK_LINES = 250_000
MAX_LOG_BYTES = 4 * 1024 ** 3  # decompressed
# Fast path: split on '"' (combined = 7 parts, common = 3) and check every field. Lines with an
# escaped quote (\") go through the full regex instead (rare, slower).
_Q = r'"((?:[^"\\]|\\.)*)"'
LINE_RE = (r'^(\S+) \S+ \S+ \[([^\]]+)\] ' + _Q + r' (\d{3}) (?:\d+|-)(?:[\r\n]*$| ' + _Q + ' ' + _Q
           + r'(?:[ \t].*)?[\r\n]*$)')
_TS = "'%d/%b/%Y:%H:%M:%S %z'"
# No WHERE clause after the split on purpose: DuckDB would push a filter into the CTEs and compute
# the parsed fields twice. Invalid lines get the reason 'unparseable' instead.
PARSE_SQL = f"""
WITH l AS (SELECT line, string_split(line, '"') AS p, contains(line, '\\"') AS esc FROM lines),
fast AS (
    SELECT split_part(p[1], ' ', 1) AS ip,
           try_strptime(split_part(split_part(p[1], '[', 2), ']', 1), {_TS}) AS ts,
           p[2] AS req, TRY_CAST(split_part(trim(rtrim(p[3], e'\\r\\n')), ' ', 1) AS INTEGER) AS status,
           CASE WHEN len(p) >= 7 THEN p[4] END AS ref, CASE WHEN len(p) >= 7 THEN p[6] END AS ua,
           regexp_matches(p[1], '^\\S+ \\S+ \\S+ \\[[^\\]]+\\] $')
               AND (len(p) = 3 OR (len(p) >= 7 AND len(p) % 2 = 1 AND p[5] = ' ')) AS ok
    FROM l WHERE NOT esc
),
slow AS (
    SELECT unnest(regexp_extract(line, '{LINE_RE}', ['ip', 'ts', 'req', 'status', 'ref', 'ua']))
    FROM l WHERE esc
),
fields AS (
    SELECT ip, ts, req, status, ref, ua, ok FROM fast
    UNION ALL
    SELECT ip, try_strptime(ts, {_TS}), req, TRY_CAST(status AS INTEGER),
           nullif(replace(ref, '\\"', '"'), ''), nullif(replace(ua, '\\"', '"'), ''), true FROM slow
),
requests AS (
    SELECT ip, ts, split_part(req, ' ', 1) AS method, split_part(req, ' ', 2) AS url, status,
           nullif(ref, '-') AS referrer, ua AS user_agent,
           coalesce(ok AND ts IS NOT NULL AND ip <> '' AND status BETWEEN 100 AND 599, false) AS valid
    FROM fields
)
SELECT ip, ts, method, url, status, referrer, user_agent,
       CASE WHEN NOT valid THEN '{Drop.UNPARSEABLE}' ELSE {pipeline.LOG_DROP_SQL} END AS reason
FROM requests
"""
ProgressFn = Callable[[int, int], None]


class UnknownSiteError(ValueError):
    pass


class LogTooLargeError(ValueError):
    """A compressed log expanding beyond MAX_LOG_BYTES (a zip bomb, or split the file)."""


@dataclass
class ImportSummary:
    lines_read: int = 0
    events_stored: int = 0
    dropped: Counter = field(default_factory=Counter)
    import_id: str = ""

    @property
    def lines_dropped(self) -> int:
        return sum(self.dropped.values())


def read_log(path: Path) -> bytes:
    return decompress(Path(path).read_bytes())


def decompress(data: bytes) -> bytes:
    """Content of a log, gunzipped when it is gzip (by magic number, not by name), size-capped."""
    if data[:2] != b"\x1f\x8b":
        return data
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
        out = f.read(MAX_LOG_BYTES + 1)
    if len(out) > MAX_LOG_BYTES:
        raise LogTooLargeError(MAX_LOG_BYTES)
    return out


def split_lines(data: bytes) -> pa.Array:
    """Zero-copy Arrow array of the lines (terminators kept: the parser ignores them)."""
    if not data:
        return pa.array([], pa.large_string())
    ends = np.flatnonzero(np.frombuffer(data, np.uint8) == 10) + 1
    offsets = np.concatenate([[0], ends]).astype(np.int64)
    if offsets[-1] != len(data):
        offsets = np.append(offsets, len(data))
    lines = pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets.tobytes()),
                                             pa.py_buffer(data))
    try:
        lines.validate(full=True)  # UTF-8 check in C++
    except pa.ArrowInvalid:  # hostile or legacy bytes: replaced, so the line is counted, not fatal
        return split_lines(data.decode("utf-8", errors="replace").encode("utf-8"))
    return lines


def _already_imported(db: Database, site: str, data: bytes) -> int:
    """Bytes at the start of `data` that an earlier import of this site already covered."""
    best = 0
    rows = db.query("SELECT DISTINCT bytes, digest FROM audience.log_imports WHERE site = ? ORDER BY bytes DESC",
                    [site])
    for size, digest in rows:
        if size <= len(data) and hashlib.sha256(data[:size]).hexdigest() == digest:
            best = max(best, size)
            break
    return best


def parse_lines(con: duckdb.DuckDBPyConnection, lines: pa.Array, site: str) -> tuple[pa.Table, Counter]:
    """Raw batch of the page requests among `lines`; counts of the lines dropped, per reason."""
    con.register("lines", pa.table({"line": lines}))
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE parsed AS {PARSE_SQL}")
    finally:
        con.unregister("lines")
    drops: Counter = Counter({Drop(r): n for r, n in con.execute(
        "SELECT reason, count(*) FROM parsed WHERE reason IS NOT NULL GROUP BY reason").fetchall()})
    parsed = con.sql("SELECT ip, ts, method, url, status, referrer, user_agent FROM parsed "
                     "WHERE reason IS NULL").to_arrow_table()
    con.execute("DROP TABLE parsed")
    n = parsed.num_rows
    bad = len(lines) - n - sum(drops.values())
    if bad:
        drops[Drop.UNPARSEABLE] += bad
    raw = pa.table({
        "site": pa.array([site] * n, pa.string()),
        "origin": pa.array(["log"] * n, pa.string()),
        "ts": parsed["ts"].cast(RAW_SCHEMA.field("ts").type),
        "ip": parsed["ip"].cast(pa.string()), "user_agent": parsed["user_agent"].cast(pa.string()),
        "url": parsed["url"].cast(pa.string()), "referrer": parsed["referrer"].cast(pa.string()),
        "accept_language": pa.nulls(n, pa.string()),
        "gpc": pa.array([False] * n, pa.bool_()), "dnt": pa.array([False] * n, pa.bool_()),
        "consent": pa.nulls(n, pa.string()), "status": parsed["status"].cast(pa.int32()),
        "method": parsed["method"].cast(pa.string()),
    })
    return raw, drops


def import_bytes(data: bytes, site: str, *, db: Database | None = None, config: AudienceConfig | None = None,
                 progress: ProgressFn | None = None, now: datetime | None = None) -> ImportSummary:
    """Import one log file's content into `site` (system use: callers check who may do it)."""
    db = db or get_db()
    config = config or load_config()
    now = now or datetime.now(UTC)
    data = decompress(data)
    sites.invalidate_cache()
    hosts = sites.hosts_by_site()
    if site not in hosts or site == sites.APP_SITE:
        raise UnknownSiteError(site)
    summary = ImportSummary(import_id=str(uuid.uuid4()))
    skip = _already_imported(db, site, data)
    lines = split_lines(data[skip:])
    summary.lines_read = len(lines)
    if skip:
        done = len(split_lines(data[:skip]))
        summary.lines_read += done
        summary.dropped[Drop.ALREADY_IMPORTED] += done
    keys = default_keys(db, config)
    keys.rotate(now)  # the CLI may run while the app (and its flush loop) is stopped
    ctx = pipeline.Context(config, keys, now, site_hosts=hosts, import_id=summary.import_id,
                           log_rules_applied=True)
    con = pipeline.memory_only_duckdb()
    kept: list[pa.Table] = []
    starts = list(range(0, len(lines), CHUNK_LINES))
    # The next chunk is parsed (DuckDB, GIL released) while the pipeline works on this one.
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="audience-parse")
    try:
        ahead = pool.submit(parse_lines, con, lines.slice(starts[0], CHUNK_LINES), site) if starts else None
        for i, start in enumerate(starts):
            raw, parse_drops = ahead.result()
            if i + 1 < len(starts):
                ahead = pool.submit(parse_lines, con, lines.slice(starts[i + 1], CHUNK_LINES), site)
            summary.dropped.update(parse_drops)
            events, drops = pipeline.run(raw, ctx)
            del raw
            summary.dropped.update(drops)
            kept.append(events)
            if progress:
                progress(min(start + CHUNK_LINES, len(lines)), len(lines))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        con.close()
        keys.forget_ephemeral()
    del lines
    events = pa.concat_tables(kept) if kept else None
    digest = hashlib.sha256(data).hexdigest()

    def record(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("INSERT INTO audience.log_imports (id, site, digest, bytes, lines, stored) "
                    "VALUES (?, ?, ?, ?, ?, ?)", [summary.import_id, site, digest, len(data),
                                                  summary.lines_read, events.num_rows if events else 0])

    if events is not None and events.num_rows:
        summary.events_stored = write_events(db, events, config, now, also=record)
    elif not skip or skip < len(data):
        db.write(record)
    if progress and not kept:
        progress(0, 0)
    metrics.count_drops(summary.dropped)
    if summary.events_stored:
        metrics.STORED.labels(origin="log").inc(summary.events_stored)
    return summary


def import_file(path: Path, site: str, **kwargs) -> ImportSummary:
    return import_bytes(read_log(Path(path)), site, **kwargs)


def import_upload(actor: User | None, data: bytes, site: str, *,
                  progress: ProgressFn | None = None) -> ImportSummary:
    """A log uploaded on the staff page (kept in memory only: it holds raw addresses)."""
    require(actor, "staff")
    return import_bytes(data, site, progress=progress)
