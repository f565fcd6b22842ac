"""Access-log import (the formats of logformats.FORMATS, plain or compressed), in bulk.

The file's format is the one given, or detected from its first lines (`choose_format`). Its content
(logfile.LogContent: mapped, or decompressed as the import goes) is cut into chunks of whole lines,
parsed on the other cores. Common and combined: lines of the usual shape by a compiled byte loop
(logscan), the others by string functions in an in-memory DuckDB (PARSE_SQL; a full regex only for
lines with escaped quotes). Every other format: its spec's SQL (logformats), then the same rows.
A log that names its virtual hosts chooses each line's site by its host (`parse_formatted`).
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
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from accounts import User, require
from audience import logformats, logrows, logrules, logscan, metrics, pipeline, sites, store
from audience.anonymise import mask_addresses
from audience.buffer import default_keys
from audience.config import AudienceConfig, load_config
from audience.event import EVENT_SCHEMA, RAW_SCHEMA, Drop, Drops
from audience.logfile import (
    COMPRESSED_CHUNK_BYTES,
    MAX_LINE_BYTES,
    CompressionBombError,
    LogContent,
    LogTooLargeError,
    already_imported,
    digest_text,
    read_log,
)
from audience.logformats import BadFormatError, LogFormat
from audience.store import aggregated_days, write_events
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


class SiteRequiredError(UnknownSiteError):
    """No site given for a log whose lines name no virtual host."""


class NoFormatError(ValueError):
    """No known format reads the file's first lines; `line`: the first of them, addresses masked."""

    def __init__(self, line: str) -> None:
        super().__init__("no_format")
        self.line = line


__all__ = ["BadFormatError", "CompressionBombError", "LogTooLargeError"]  # re-exported for the callers
# What an import refuses before storing anything, each with a message for the user (`refusal`).
REFUSALS = (UnknownSiteError, LogTooLargeError, NoFormatError, BadFormatError)


def refusal(exc: Exception) -> tuple[str, dict[str, str]]:
    """The message key of a refused import (i18n `audience.import.<key>`, app_import.MESSAGES) and
    its values: one list for the staff page, the app's import route and the CLI."""
    if isinstance(exc, SiteRequiredError):
        return "site_required", {"format": str(exc)}
    if isinstance(exc, UnknownSiteError):
        return "unknown_site", {"site": str(exc)}
    if isinstance(exc, LogTooLargeError):
        return exc.code, {}
    if isinstance(exc, NoFormatError):
        return "no_format", {"line": exc.line}
    if isinstance(exc, BadFormatError):
        return "bad_format", {"reason": str(exc)}
    raise TypeError(type(exc).__name__)


class ImportFailedError(RuntimeError):
    """An import failed unexpectedly; the message is the original exception's type, nothing more."""


@dataclass
class ImportSummary:
    lines_read: int = 0
    events_stored: int = 0
    dropped: Drops = field(default_factory=Drops)  # also per site and day: stored in audience.daily_drops
    import_id: str = ""
    format: str = ""  # the format read (given or detected)
    aggregated_only: int = 0  # of events_stored: past the raw retention, in the daily aggregates only

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
    if not found.ascii_only and not logrows.valid_utf8(data):  # replaced: the line is counted, not fatal
        data = pa.py_buffer(bytes(chunk).decode("utf-8", errors="replace").encode("utf-8"))
        buf = np.frombuffer(data, np.uint8)
        found = logscan.scan(buf)
    raw, drops = logrows.fast_rows(buf, data, found, site, timezone)
    slow = found.slow
    if len(slow):
        long = np.diff(found.offsets)[slow] > MAX_LINE_BYTES
        if long.any():  # not read: no access log has such lines (a bomb's run of bytes)
            drops[Drop.LINE_TOO_LONG] += int(long.sum())
            slow = slow[~long]
    if len(slow):
        lines = pa.LargeStringArray.from_buffers(found.lines, pa.py_buffer(found.offsets), data)
        with contextlib.closing(sql()) as con:
            slow_raw, slow_drops = parse_lines(con, lines.take(pa.array(slow)), site, timezone)
        raw = pa.concat_tables([raw, slow_raw.cast(raw.schema)])  # text dictionary-encoded too
        drops.update(slow_drops)
    return raw, drops, found.lines


SAMPLE_BYTES = 1 << 16


def choose_format(content: LogContent, given: str | LogFormat | None, timezone: str = "UTC") -> LogFormat:
    """The given format (a name or the server's own format string), else the one that reads most of
    the file's first lines; NoFormatError when none reads any."""
    if isinstance(given, LogFormat):
        return given
    if given:
        return logformats.named(given)
    head = content.head(SAMPLE_BYTES)
    if b"\n" not in head and len(head) == SAMPLE_BYTES:  # a first line longer than the sample: read on
        head = content.head(32 * SAMPLE_BYTES)
    lines = logformats.sample_lines(head)
    if not any(line.strip() for line in lines):
        return logformats.FORMATS[0]  # nothing to read: nothing to tell
    sample = "".join(line + "\n" for line in lines).encode("utf-8", "replace")
    found = logscan.scan(np.frombuffer(sample, np.uint8))
    if len(found.fast) >= 0.9 * len(lines):  # the usual case, told by the byte loop: no DuckDB opened
        return logformats.FORMATS[0] if (found.ua[1] >= 0).any() else replace(logformats.FORMATS[0], name="common")
    with contextlib.closing(pipeline.memory_only_duckdb()) as con:
        con.execute("SET TimeZone = 'UTC'")
        con.register("lines", pa.table({"line": pa.array(lines, pa.string())}))
        clf = con.execute(f"SELECT count(*) FILTER (valid), count(user_agent) FILTER (valid) FROM ({PARSE_SQL})"
                          ).fetchall()[0]
        con.unregister("lines")
        spec, _ = logformats.detect(con, lines, clf[0], timezone)
    if spec is None:
        raise NoFormatError(mask_addresses(next(line for line in lines if line.strip())))
    if spec is logformats.FORMATS[0] and not clf[1]:
        return replace(spec, name="common")
    return spec


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


def import_bytes(data: bytes | mmap.mmap, site: str | None, *, db: Database | None = None,
                 config: AudienceConfig | None = None, progress: ProgressFn | None = None,
                 now: datetime | None = None, log_format: str | LogFormat | None = None,
                 on_format: Callable[[str], None] | None = None) -> ImportSummary:
    """Import one log file's content into `site` (system use: callers check who may do it).

    `site` None: each line's site is its virtual host's (formats that name it). `log_format`: a
    name or the server's own format string, else detected (`on_format` is told the name first).
    An unexpected failure is logged by its type only and raised as ImportFailedError, unchained: its
    message could quote a line of the log, with its IP (nothing is stored then: one transaction)."""
    try:
        return _import_bytes(data, site, db=db, config=config, progress=progress, now=now, log_format=log_format,
                             on_format=on_format)
    except (*REFUSALS, DatabaseLockedError):
        raise
    except Exception as exc:
        log.error("log import failed (%s); nothing was stored", type(exc).__name__)
        raise ImportFailedError(type(exc).__name__) from None


def _import_bytes(data: bytes | mmap.mmap, site: str | None, *, db: Database | None,
                  config: AudienceConfig | None, progress: ProgressFn | None, now: datetime | None,
                  log_format: str | LogFormat | None, on_format: Callable[[str], None] | None) -> ImportSummary:
    db = db or get_db()
    config = config or load_config()
    now = now or datetime.now(UTC)
    content = LogContent(data)
    sites.invalidate_cache()
    hosts = sites.hosts_by_site()
    if site is not None and (site not in hosts or site == sites.APP_SITE):
        raise UnknownSiteError(site)
    tz = config.settings.timezone
    spec = choose_format(content, log_format, tz)
    if site is None and not spec.has_host:
        raise SiteRequiredError(spec.name)
    if on_format:
        on_format(spec.name)
    host_sites = {host: name for name, named in hosts.items() if name != sites.APP_SITE for host in named}
    summary = ImportSummary(import_id=str(uuid.uuid4()), format=spec.name)
    record_site = site or ALL_SITES
    skip, skipped, hasher = already_imported(db, record_site, content)
    summary.lines_read = skipped
    if skipped:
        summary.dropped[Drop.ALREADY_IMPORTED] += skipped
    keys = default_keys(db, config)
    keys.rotate(now)  # the CLI may run while the app (and its flush loop) is stopped
    ctx = pipeline.Context(config, keys, now, site_hosts=hosts, import_id=summary.import_id,
                           log_rules_applied=True, history=True)
    odd_lines_db = _OnDemandDuckDB()
    # Two chunks per thread: each chunk has a fixed cost (its distinct values go through the pipeline
    # again; on 1M lines 4 per thread measure as 2 within noise, 8 per thread 0.05 s more). A chunk
    # ends at the last line that fits: the slack keeps the remainder from making a last sliver.
    share = -(-max(0, content.size_hint() - skip) // (2 * PARSE_THREADS))
    size = min(PARSE_CHUNK_BYTES, max(MIN_CHUNK_BYTES, share + LINE_SLACK))
    if content.compressed and not content.size_hint():  # bzip2, zstd: the size is not told
        size = COMPRESSED_CHUNK_BYTES
    kept: list[pa.Table] = []
    content_bytes = skip
    # W3C: the #Fields in force at each chunk's start, found in file order as chunks are submitted
    fields = logformats.w3c_fields_after(content.head(SAMPLE_BYTES), ()) if skip and spec.kind == "w3c" else ()

    def parse_and_run(chunk: memoryview, fields: tuple[str, ...]) -> tuple[pa.Table, Drops, int]:
        if spec.kind == "clf":
            raw, parse_drops, n_lines = parse_chunk(chunk, site, tz, sql=odd_lines_db.cursor)
        else:
            raw, parse_drops, n_lines = logrows.parse_formatted(chunk, spec, site, host_sites, tz, fields,
                                                        sql=odd_lines_db.cursor)
        events, drops = pipeline.run(raw, ctx)
        drops.update(parse_drops)
        return events, drops, n_lines

    # Each chunk is parsed and then put through the pipeline on one of PARSE_THREADS threads (numba,
    # Arrow and DuckDB release the GIL, so this runs beside the pipeline rather than before it). This
    # thread hashes the content meanwhile, chunk by chunk in file order (BLAKE3 releases the GIL too),
    # decompresses the next chunk of a compressed file, and collects the results in file order.
    pool = ThreadPoolExecutor(max_workers=PARSE_THREADS, thread_name_prefix="audience-parse")
    chunks = content.chunks(skip, size)
    jobs: deque[tuple[Future, memoryview, float]] = deque()

    def submit_next() -> None:
        nonlocal fields
        if (found := next(chunks, None)) is not None:
            jobs.append((pool.submit(parse_and_run, found[0], fields), *found))
            if spec.kind == "w3c":
                fields = logformats.w3c_fields_after(bytes(found[0]), fields)

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
        if content.long_lines:  # skipped by the decompressed stream, unread
            summary.lines_read += content.long_lines
            summary.dropped[Drop.LINE_TOO_LONG] += content.long_lines
        digest = digest_text(hasher)
        if progress:
            progress(summary.lines_read - skipped, summary.lines_read - skipped)
    finally:
        chunks.close()
        pool.shutdown(wait=True, cancel_futures=True)
        odd_lines_db.close()
        keys.forget_ephemeral()
    events = pa.concat_tables(kept) if kept else None
    if events is not None:
        events = _history(db, events, config.events_cutoff(now), summary)

    def record(cur: duckdb.DuckDBPyConnection) -> None:
        store.record_import(cur, summary.import_id, record_site, digest, content.head_digest, content_bytes,
                            summary.lines_read, events.num_rows if events else 0)

    if (events is not None and events.num_rows) or summary.dropped.daily:
        summary.events_stored = write_events(db, events if events is not None else EVENT_SCHEMA.empty_table(),
                                             config, now, also=record, drops=summary.dropped,
                                             raw_from=config.events_cutoff(now))
    elif not skip or skip < content_bytes:
        db.write(record)
    metrics.count_drops(summary.dropped)
    if summary.events_stored:
        metrics.STORED.labels(origin="log").inc(summary.events_stored)
    return summary


def _history(db: Database, events: pa.Table, raw_from, summary: ImportSummary) -> pa.Table:
    """The events of days before `raw_from` (past the raw retention) build those days' aggregates
    only; a day that already has aggregates keeps them (its raw events are gone: they could not be
    recomputed with the new lines), its lines dropped as ALREADY_AGGREGATED."""
    old = pc.less(events["day"], pa.scalar(raw_from, pa.date32()))
    if not pc.any(old).as_py():
        return events
    history = events.filter(old)
    done = aggregated_days(db, history.select(["site", "day"]).group_by(["site", "day"]).aggregate([]))
    if done.num_rows:
        key = ["site", "day"]
        clash = pc.is_in(pc.binary_join_element_wise(pc.cast(events["site"], pa.string()),
                                                    pc.cast(events["day"], pa.string()), "|"),
                         value_set=pc.binary_join_element_wise(done["site"], pc.cast(done["day"], pa.string()), "|"))
        summary.dropped[Drop.ALREADY_AGGREGATED] += pc.sum(clash).as_py()
        summary.dropped.add_rows(events.select(key).filter(clash), Drop.ALREADY_AGGREGATED)
        events = events.filter(pc.invert(clash))
        old = pc.less(events["day"], pa.scalar(raw_from, pa.date32()))
    summary.aggregated_only = pc.sum(old).as_py() or 0
    return events


ALL_SITES = "*"  # log_imports.site of an import whose lines chose their sites by virtual host


def import_file(path: Path, site: str | None, **kwargs) -> ImportSummary:
    data = read_log(Path(path))
    try:
        return import_bytes(data, site, **kwargs)
    finally:
        if isinstance(data, mmap.mmap):
            with contextlib.suppress(BufferError):  # a view still alive: unmapped when collected
                data.close()


def import_upload(actor: User | None, data: bytes, site: str | None, *,
                  progress: ProgressFn | None = None, log_format: str | None = None) -> ImportSummary:
    """A log uploaded on the staff page (kept in memory only: it holds raw addresses)."""
    require(actor, "staff")
    return import_bytes(data, site, progress=progress, log_format=log_format)
