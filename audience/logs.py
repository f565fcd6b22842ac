"""Access-log import (nginx/Apache combined and common formats, plain or gzip), in bulk.

The file's content (logfile.LogContent: mapped, or gzip decompressed as the import goes) is cut
into chunks of whole lines, parsed on the other cores: lines of the usual shape by a compiled byte
loop (logscan), the others by string functions in an in-memory DuckDB (PARSE_SQL; a full regex
only for lines with escaped quotes).
The log rules (errors, redirects, static files: logrules) are compiled and read the request
where it lies in the buffer, so dropped lines never become strings. The thread that parsed a chunk
then runs its page requests through the same pipeline as live events (text dictionary-encoded:
per distinct value work only), while the calling thread hashes the file; everything is written in
ONE transaction with the file's digest: re-importing a file (or the already imported beginning of
a file that grew since) adds nothing (logfile.already_imported).
"""
from __future__ import annotations

import contextlib
import logging
import mmap
import os
import threading
import uuid
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from accounts import User, require
from audience import logrows, logrules, logscan, metrics, pipeline, sites, store
from audience.buffer import default_keys
from audience.config import AudienceConfig, load_config
from audience.event import EVENT_SCHEMA, RAW_SCHEMA, Drop, Drops
from audience.logfile import LogContent, LogTooLargeError, already_imported, digest_text, read_log
from audience.store import write_events
from storage import Database, DatabaseLockedError, get_db

log = logging.getLogger("audience")

PARSE_CHUNK_BYTES = 1 << 26  # at most (string views: 32-bit offsets)
MIN_CHUNK_BYTES = 1 << 22  # at least: each chunk has a fixed cost
LINE_SLACK = 1 << 16  # bytes: longer lines may still leave a small last chunk
PARSE_THREADS = max(1, min(4, os.cpu_count() or 1))
# Fast path: split on '"' (combined = 7 parts, common = 3) and check every field. Lines with an
# escaped quote (\") go through the full regex instead (rare, slower).
_Q = r'"((?:[^"\\]|\\.)*)"'
LINE_RE = (r'^(\S+) \S+ \S+ \[([^\]]+)\] ' + _Q + r' (\d{3}) (?:\d+|-)(?:[\r\n]*$| ' + _Q + ' ' + _Q
           + r'(?:[ \t].*)?[\r\n]*$)')
_TS = "'%d/%b/%Y:%H:%M:%S %z'"
# No WHERE clause after the split on purpose: DuckDB would push a filter into the CTEs and compute
# the parsed fields twice. Invalid lines get valid = false instead (parse_lines stores, then filters).
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
SELECT ip, ts, method, url, status, referrer, user_agent, valid FROM requests
"""
ProgressFn = Callable[[int, int], None]


class UnknownSiteError(ValueError):
    pass


class ImportFailedError(RuntimeError):
    """An import failed unexpectedly; the message is the original exception's type, nothing more."""


@dataclass
class ImportSummary:
    lines_read: int = 0
    events_stored: int = 0
    dropped: Drops = field(default_factory=Drops)  # also per site and day: stored in audience.daily_drops
    import_id: str = ""

    @property
    def lines_dropped(self) -> int:
        return sum(self.dropped.values())


def parse_lines(con: duckdb.DuckDBPyConnection, lines: pa.Array, site: str,
                timezone: str = "UTC") -> tuple[pa.Table, Counter]:
    """Raw batch of the page requests among `lines`; counts of the lines dropped, per reason (and
    per local day in `timezone` for the log rules' drops: Drops.daily)."""
    con.register("lines", pa.table({"line": lines}))
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE parsed AS {PARSE_SQL}")
    finally:
        con.unregister("lines")
    parsed = con.sql("SELECT * EXCLUDE (valid) FROM parsed WHERE valid").to_arrow_table()
    con.execute("DROP TABLE parsed")
    codes = logrules.of_columns(parsed["method"], parsed["url"], parsed["status"])
    drops = logrows.count_drops(pc.cast(parsed["ts"], pa.int64()).to_numpy(), codes, site, timezone)
    if len(lines) > parsed.num_rows:  # lines the SQL parser could not read
        drops[Drop.UNPARSEABLE] += len(lines) - parsed.num_rows
    parsed = parsed.filter(pa.array(codes == 0))
    return logrows.kept_rows(site, parsed["ts"].cast(RAW_SCHEMA.field("ts").type).combine_chunks(),
                             **{name: parsed[name].cast(pa.string()).combine_chunks()
                                for name in ("ip", "user_agent", "url", "referrer")},
                             status=parsed["status"].cast(pa.int32()).combine_chunks()), drops


def parse_chunk(chunk: memoryview, site: str, timezone: str = "UTC", *,
                sql: Callable[[], duckdb.DuckDBPyConnection] = pipeline.memory_only_duckdb,
                ) -> tuple[pa.Table, Drops, int]:
    """Raw batch of the page requests among the whole lines of `chunk`, drops, number of lines.

    Lines of the usual shape are read by logscan (compiled byte loop); the others by PARSE_SQL, on
    a connection that `sql()` opens (closed after), only when there are such lines."""
    buf = np.frombuffer(chunk, np.uint8)
    data = pa.py_buffer(chunk)
    found = logscan.scan(buf)  # also tells whether the chunk is all ASCII (no second pass over it)
    if not found.ascii_only and not _valid_utf8(data):  # replaced: the line is counted, not fatal
        data = pa.py_buffer(bytes(chunk).decode("utf-8", errors="replace").encode("utf-8"))
        buf = np.frombuffer(data, np.uint8)
        found = logscan.scan(buf)
    raw, drops = logrows.fast_rows(buf, data, found, site, timezone)
    if len(found.slow):
        lines = pa.LargeStringArray.from_buffers(found.lines, pa.py_buffer(found.offsets), data)
        with contextlib.closing(sql()) as con:
            slow_raw, slow_drops = parse_lines(con, lines.take(pa.array(found.slow)), site, timezone)
        raw = pa.concat_tables([raw, slow_raw.cast(raw.schema)])  # text dictionary-encoded too
        drops.update(slow_drops)
    return raw, drops, found.lines


class _OnDemandDuckDB:
    """The SQL parser's in-memory DuckDB for one import, opened by the first chunk that has odd
    lines: most logs have none, and opening one takes ~0.02 s. cursor(): a connection for one thread."""

    def __init__(self) -> None:
        self._con: duckdb.DuckDBPyConnection | None = None
        self._lock = threading.Lock()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self._con is None:
                self._con = pipeline.memory_only_duckdb()
            return self._con.cursor()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()


def _valid_utf8(data: pa.Buffer) -> bool:
    try:
        pa.LargeStringArray.from_buffers(1, pa.py_buffer(np.array([0, data.size], np.int64)), data).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def import_bytes(data: bytes | mmap.mmap, site: str, *, db: Database | None = None,
                 config: AudienceConfig | None = None, progress: ProgressFn | None = None,
                 now: datetime | None = None) -> ImportSummary:
    """Import one log file's content into `site` (system use: callers check who may do it).

    An unexpected failure is logged by its type only and raised as ImportFailedError, unchained: its
    message could quote a line of the log, with its IP (nothing is stored then: one transaction)."""
    try:
        return _import_bytes(data, site, db=db, config=config, progress=progress, now=now)
    except (UnknownSiteError, LogTooLargeError, DatabaseLockedError):
        raise
    except Exception as exc:
        log.error("log import failed (%s); nothing was stored", type(exc).__name__)
        raise ImportFailedError(type(exc).__name__) from None


def _import_bytes(data: bytes | mmap.mmap, site: str, *, db: Database | None, config: AudienceConfig | None,
                  progress: ProgressFn | None, now: datetime | None) -> ImportSummary:
    db = db or get_db()
    config = config or load_config()
    now = now or datetime.now(UTC)
    content = LogContent(data)
    sites.invalidate_cache()
    hosts = sites.hosts_by_site()
    if site not in hosts or site == sites.APP_SITE:
        raise UnknownSiteError(site)
    summary = ImportSummary(import_id=str(uuid.uuid4()))
    skip, skipped, hasher = already_imported(db, site, content)
    summary.lines_read = skipped
    if skipped:
        summary.dropped[Drop.ALREADY_IMPORTED] += skipped
    keys = default_keys(db, config)
    keys.rotate(now)  # the CLI may run while the app (and its flush loop) is stopped
    ctx = pipeline.Context(config, keys, now, site_hosts=hosts, import_id=summary.import_id,
                           log_rules_applied=True)
    odd_lines_db = _OnDemandDuckDB()
    # Two chunks per thread: each chunk has a fixed cost (its distinct values go through the pipeline
    # again; on 1M lines 4 per thread measure as 2 within noise, 8 per thread 0.05 s more). A chunk
    # ends at the last line that fits: the slack keeps the remainder from making a last sliver.
    share = -(-max(0, content.size_hint() - skip) // (2 * PARSE_THREADS))
    size = min(PARSE_CHUNK_BYTES, max(MIN_CHUNK_BYTES, share + LINE_SLACK))
    kept: list[pa.Table] = []
    tz = config.settings.timezone
    content_bytes = skip

    def parse_and_run(chunk: memoryview) -> tuple[pa.Table, Drops, int]:
        raw, parse_drops, n_lines = parse_chunk(chunk, site, tz, sql=odd_lines_db.cursor)
        events, drops = pipeline.run(raw, ctx)
        drops.update(parse_drops)
        return events, drops, n_lines

    # Each chunk is parsed and then put through the pipeline on one of PARSE_THREADS threads (numba,
    # Arrow and DuckDB release the GIL; measured: 0.1 s faster on 1M lines than running the pipeline
    # here). This thread hashes the content meanwhile, chunk by chunk in file order (BLAKE3 releases
    # the GIL: measured 0.02-0.03 s sooner than hashing it all after the last chunk), decompresses
    # the next chunk of a gzip file, and collects the results in file order.
    pool = ThreadPoolExecutor(max_workers=PARSE_THREADS, thread_name_prefix="audience-parse")
    chunks = content.chunks(skip, size)
    jobs: deque[tuple[Future, memoryview, float]] = deque()

    def submit_next() -> None:
        if (found := next(chunks, None)) is not None:
            jobs.append((pool.submit(parse_and_run, found[0]), *found))

    try:
        for _ in range(2 * PARSE_THREADS):  # chunks in flight: memory stays bounded
            submit_next()
        while jobs:
            job, chunk, fraction = jobs.popleft()
            hasher.update(chunk)
            content_bytes += len(chunk)
            submit_next()
            events, drops, n_lines = job.result()
            summary.lines_read += n_lines
            summary.dropped.update(drops)
            kept.append(events)
            if progress and fraction < 1:  # in lines, the total estimated from the part read so far
                done = summary.lines_read - skipped
                progress(done, max(done, round(done / fraction)) if fraction else done)
        digest = digest_text(hasher)
        if progress:
            progress(summary.lines_read - skipped, summary.lines_read - skipped)
    finally:
        chunks.close()
        pool.shutdown(wait=True, cancel_futures=True)
        odd_lines_db.close()
        keys.forget_ephemeral()
    events = pa.concat_tables(kept) if kept else None

    def record(cur: duckdb.DuckDBPyConnection) -> None:
        store.record_import(cur, summary.import_id, site, digest, content.head_digest, content_bytes,
                            summary.lines_read, events.num_rows if events else 0)

    if (events is not None and events.num_rows) or summary.dropped.daily:
        summary.events_stored = write_events(db, events if events is not None else EVENT_SCHEMA.empty_table(),
                                             config, now, also=record, drops=summary.dropped)
    elif not skip or skip < content_bytes:
        db.write(record)
    metrics.count_drops(summary.dropped)
    if summary.events_stored:
        metrics.STORED.labels(origin="log").inc(summary.events_stored)
    return summary


def import_file(path: Path, site: str, **kwargs) -> ImportSummary:
    data = read_log(Path(path))
    try:
        return import_bytes(data, site, **kwargs)
    finally:
        if isinstance(data, mmap.mmap):
            with contextlib.suppress(BufferError):  # a view still alive: unmapped when collected
                data.close()


def import_upload(actor: User | None, data: bytes, site: str, *,
                  progress: ProgressFn | None = None) -> ImportSummary:
    """A log uploaded on the staff page (kept in memory only: it holds raw addresses)."""
    require(actor, "staff")
    return import_bytes(data, site, progress=progress)
