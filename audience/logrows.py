"""Rows of the fast-path log lines (logscan.Scan): the log rules on each request where it lies in the
file's buffer (logrules), drops per local day, and the raw batch of the page requests, its text
read through Arrow string views into the buffer."""
from __future__ import annotations

import numba
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from audience import logrules
from audience.event import Drops, local_days, repeated, timestamps
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


def count_drops(ts_us: np.ndarray, codes: np.ndarray, site: str, timezone: str) -> Drops:
    """The requests dropped by the log rules (codes: logrules.REASONS), per reason and per (site,
    local day, reason): counted per (minute, reason), then the local day of each minute."""
    drops = Drops()
    dropped = np.flatnonzero(codes)
    if len(dropped) == 0:
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


def kept_rows(site: str, ts: pa.Array, *, ip: pa.Array, user_agent: pa.Array, url: pa.Array, referrer: pa.Array,
              status: pa.Array) -> pa.Table:
    """The raw batch (RAW_SCHEMA's columns) of the log lines the rules kept, from either parser: what a
    log line does not carry is constant (no language, privacy signal or consent; GET, the log rules
    dropping every other method)."""
    n = len(ts)
    return pa.table({
        "site": repeated(site, n), "origin": repeated("log", n), "ts": ts, "ip": ip, "user_agent": user_agent,
        "url": url, "referrer": referrer, "accept_language": pa.nulls(n, pa.string()),
        "gpc": pa.repeat(pa.scalar(False), n), "dnt": pa.repeat(pa.scalar(False), n),
        "consent": pa.nulls(n, pa.string()), "status": status, "method": repeated("GET", n),
    })
