"""Rows of the parsed log lines: for the fast path (logscan.Scan) the log rules on each request where
it lies in the file's buffer (logrules), drops per local day, and the raw batch of the page requests,
its text read through Arrow string views into the buffer; for the other formats (`parse_formatted`)
the same from their spec's SQL columns, each line's site chosen by its virtual host where it has one."""
from __future__ import annotations

import contextlib
from collections.abc import Callable

import duckdb
import numba
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from audience import logformats, logrules, logscan, pipeline
from audience.event import RAW_SCHEMA, Drop, Drops, local_days, repeated, timestamps
from audience.logfile import MAX_LINE_BYTES
from audience.logformats import LogFormat
from audience.logscan import Scan


@numba.njit(nogil=True, cache=True)
def _view_structs(buf: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Arrow's 16-byte string views of buf[start:start + length] (negative length: empty): the
    length, then the bytes themselves when they fit in 12, else their first 4 and their offset."""
    views = np.zeros(4 * len(start), np.int32)
    raw = views.view(np.uint8)
    for i in range(len(start)):
        size = max(length[i], 0)
        views[4 * i] = size
        for k in range(min(size, 12) if size <= 12 else 4):
            raw[16 * i + 4 + k] = buf[start[i] + k]
        if size > 12:
            views[4 * i + 3] = start[i]  # views[4 * i + 2] = 0: the one data buffer
    return views


def string_views(buf: np.ndarray, data: pa.Buffer, start: np.ndarray, length: np.ndarray,
                 valid: np.ndarray | None = None) -> pa.Array:
    """Arrow string_view array of buf[start:start + length] (no copy of the bytes).

    `data` is `buf` as an Arrow buffer (< 2 GiB: offsets are 32-bit); `valid` False = null.
    """
    views = _view_structs(buf, start.astype(np.int64), length.astype(np.int64))
    bitmap = None
    if valid is not None and not valid.all():
        views.reshape(-1, 4)[~valid] = 0
        bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(pa.string_view(), len(start), [bitmap, pa.py_buffer(views), data])


def count_drops(ts_us: np.ndarray, codes: np.ndarray, site: str | pa.Array, timezone: str) -> Drops:
    """The requests dropped by the log rules (codes: logrules.REASONS), per reason and per (site,
    local day, reason): counted per (minute, reason), then the local day of each minute. `site`:
    one for all, or each request's (a log naming its virtual hosts)."""
    drops = Drops()
    dropped = np.flatnonzero(codes)
    if len(dropped) == 0:
        return drops
    if not isinstance(site, str):
        for code in np.unique(codes[dropped]).tolist():
            rows = np.flatnonzero(codes == code)
            drops[logrules.REASONS[code]] += len(rows)
            drops.add_rows(pa.table({"site": site.take(pa.array(rows)),
                                     "day": local_days(timestamps(ts_us[rows]), timezone)}), logrules.REASONS[code])
        return drops
    n_reasons = len(logrules.REASONS)
    groups = pc.value_counts(pa.array(ts_us[dropped] // 60_000_000 * n_reasons + codes[dropped])).flatten()
    keys = groups[0].to_numpy()
    per_day = pa.table({"reason": keys % n_reasons, "n": groups[1],
                        "day": local_days(timestamps(keys // n_reasons * 60_000_000), timezone)}
                       ).group_by(["reason", "day"]).aggregate([("n", "sum")])
    for code, day, n in zip(*(per_day[name].to_pylist() for name in ("reason", "day", "n_sum")), strict=True):
        reason = logrules.REASONS[code]
        drops[reason] += n
        drops.daily[(site, day, str(reason))] += n
    return drops


def fast_rows(buf: np.ndarray, data: pa.Buffer, found: Scan, site: str, timezone: str) -> tuple[pa.Table, Drops]:
    """Raw batch (RAW_SCHEMA) of the page requests among the fast lines, and the lines dropped by
    the log rules, per reason and per (site, local day, reason)."""
    code, *url = logrules.of_requests(buf, *found.req, found.status)
    drops = count_drops(found.ts_us, code, site, timezone)
    kept = np.flatnonzero(code == 0)

    def text(field: tuple[np.ndarray, np.ndarray], valid: np.ndarray | None = None) -> pa.Array:
        """The field of the kept lines, dictionary-encoded (the pipeline works once per distinct value).
        Copied out of the views first: Arrow encodes plain strings faster than views."""
        return pc.dictionary_encode(string_views(buf, data, field[0][kept], field[1][kept], valid).cast(pa.string()))

    ref_start, ref_len = found.ref[0][kept], found.ref[1][kept]
    is_dash = (ref_len == 1) & (buf[np.clip(ref_start, 0, len(buf) - 1)] == ord("-"))
    return kept_rows(site, timestamps(found.ts_us[kept]), ip=text(found.ip),
                     user_agent=text(found.ua, found.ua[1][kept] >= 0), url=text(url),
                     referrer=text(found.ref, (ref_len >= 0) & ~is_dash),
                     status=pa.array(found.status[kept], pa.int32())), drops


def kept_rows(site: str | pa.Array, ts: pa.Array, *, ip: pa.Array, user_agent: pa.Array, url: pa.Array,
              referrer: pa.Array, status: pa.Array) -> pa.Table:
    """The raw batch (RAW_SCHEMA's columns) of the log lines the rules kept, from either parser: what a
    log line does not carry is constant (no language, privacy signal or consent; GET, the log rules
    dropping every other method)."""
    n = len(ts)
    return pa.table({
        "site": repeated(site, n) if isinstance(site, str) else site, "origin": repeated("log", n), "ts": ts,
        "ip": ip, "user_agent": user_agent,
        "url": url, "referrer": referrer, "accept_language": pa.nulls(n, pa.string()),
        "gpc": pa.repeat(pa.scalar(False), n), "dnt": pa.repeat(pa.scalar(False), n),
        "consent": pa.nulls(n, pa.string()), "status": status, "method": repeated("GET", n),
    })


def parse_formatted(chunk: memoryview, spec: LogFormat, site: str | None, host_sites: dict[str, str],
                    timezone: str = "UTC", fields: tuple[str, ...] = (), *,
                    sql: Callable[[], duckdb.DuckDBPyConnection] = pipeline.memory_only_duckdb,
                    ) -> tuple[pa.Table, Drops, int]:
    """parse_chunk for the formats read by their spec's SQL (logformats): raw batch, drops, lines.

    Where the lines name a virtual host, it chooses the site (`host_sites`: host -> site); `site`,
    if given, keeps that site's lines only. A host of no site, or of another: Drop.UNKNOWN_HOST."""
    data = pa.py_buffer(chunk)
    found = logscan.scan(np.frombuffer(chunk, np.uint8))  # the line boundaries (compiled)
    if not found.ascii_only and not valid_utf8(data):
        data = pa.py_buffer(bytes(chunk).decode("utf-8", errors="replace").encode("utf-8"))
        found = logscan.scan(np.frombuffer(data, np.uint8))
    lines = pc.utf8_rtrim(pa.LargeStringArray.from_buffers(found.lines, pa.py_buffer(found.offsets), data),
                          "\r\n").cast(pa.string())
    drops = Drops()
    too_long = pc.greater(pc.binary_length(lines), MAX_LINE_BYTES)
    if n_long := pc.sum(too_long).as_py():
        drops[Drop.LINE_TOO_LONG] += n_long
        lines = pc.if_else(too_long, "", lines)
    directive = logformats.is_directive(spec, lines)
    with contextlib.closing(sql()) as con:
        con.execute("SET TimeZone = 'UTC'")  # a time written without its zone is UTC
        parsed = logformats.parse(con, spec, lines, timezone, fields)
    unread = pc.sum(pc.and_not(pc.invert(parsed["valid"]), pc.or_(directive, too_long))).as_py() or 0
    if unread:
        drops[Drop.UNPARSEABLE] += unread
    parsed = parsed.filter(parsed["valid"])
    if spec.has_host:
        owner = pipeline.map_distinct(parsed["host"], lambda host: _site_of(host, site, host_sites), pa.string())
        if unknown := owner.null_count:
            drops[Drop.UNKNOWN_HOST] += unknown
            known = pc.is_valid(owner)
            parsed, owner = parsed.filter(known), owner.filter(known)
    else:
        owner = repeated(site, parsed.num_rows)
    ts_us = pc.cast(parsed["ts"], pa.int64()).to_numpy(zero_copy_only=False)
    codes = logrules.of_columns(parsed["method"], parsed["url"], parsed["status"])
    drops.update(count_drops(ts_us, codes, owner if spec.has_host else site, timezone))
    keep = pa.array(codes == 0)
    parsed, owner = parsed.filter(keep), owner.filter(keep)
    raw = kept_rows(owner, parsed["ts"].cast(RAW_SCHEMA.field("ts").type).combine_chunks(),
                            **{name: parsed[name].combine_chunks() for name in ("ip", "user_agent", "url", "referrer")},
                            status=parsed["status"].cast(pa.int32()).combine_chunks())
    return raw, drops, found.lines - (pc.sum(directive).as_py() or 0)


def _site_of(host: str | None, site: str | None, host_sites: dict[str, str]) -> str | None:
    """The site of a line's virtual host: its owner (with or without a port), else the given site
    for a line without a host; None for a host of no site or of another site than `site`."""
    if host is None:
        return site
    owner = host_sites.get(host) or host_sites.get(host.rsplit(":", 1)[0] if host.count(":") == 1 else host)
    return owner if site is None or owner == site else None


def valid_utf8(data: pa.Buffer) -> bool:
    """Whether the bytes are valid UTF-8 (else the caller replaces what is not)."""
    try:
        pa.LargeStringArray.from_buffers(1, pa.py_buffer(np.array([0, data.size], np.int64)), data).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True
