"""Rows of the fast-path log lines (logscan.Scan): log rules per distinct request, drops per day,
and the raw batch of the page requests as Arrow string views into the file's buffer (no copy)."""
from __future__ import annotations

import duckdb
import numba
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from audience.event import Drop, Drops, timestamps
from audience.logscan import Scan
from audience.pipeline import LOG_DROP_SQL

REASONS: tuple[str | None, ...] = (None, *(str(d) for d in Drop))  # reason codes: 0 = kept
_REASON_VALUES = pa.array(REASONS, pa.string())


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


def _reasons(con: duckdb.DuckDBPyConnection, req: pa.Array, status: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, pa.Table]:
    """The log rules (pipeline.LOG_DROP_SQL) once per distinct (request, status) pair.

    Returns per line the reason code (index in REASONS, 0 = kept) and the pair, and per pair
    its method and url."""
    requests = pc.dictionary_encode(req)
    key = requests.indices.to_numpy(zero_copy_only=False).astype(np.int64) * 1000 + status
    pairs = pc.dictionary_encode(pa.array(key))
    pair_of_line = pairs.indices.to_numpy(zero_copy_only=False)
    pair_key = pairs.dictionary.to_numpy()
    con.register("log_pairs", pa.table({"i": np.arange(len(pair_key)), "status": (pair_key % 1000).astype(np.int32),
                                        "req": requests.dictionary.cast(pa.string()).take(pa.array(pair_key // 1000))}))
    try:
        found = con.sql(f"""SELECT method, url, {LOG_DROP_SQL} AS reason FROM (
            SELECT i, split_part(req, ' ', 1) AS method, split_part(req, ' ', 2) AS url, status FROM log_pairs)
            ORDER BY i""").to_arrow_table()
    finally:
        con.unregister("log_pairs")
    code = pc.index_in(found["reason"], value_set=_REASON_VALUES, skip_nulls=False)  # null (kept) -> 0
    if code.null_count:  # a reason LOG_DROP_SQL should not give
        raise ValueError("unknown log drop reason")
    code = code.to_numpy()
    return code[pair_of_line], pair_of_line, found


def fast_rows(con: duckdb.DuckDBPyConnection, buf: np.ndarray, data: pa.Buffer, found: Scan, site: str,
              timezone: str) -> tuple[pa.Table, Drops]:
    """Raw batch (RAW_SCHEMA) of the page requests among the fast lines, and the lines dropped by
    the log rules, per reason and per (site, local day, reason)."""
    code, pair, per_pair = _reasons(con, string_views(buf, data, *found.req), found.status)
    drops = Drops()
    dropped = np.flatnonzero(code)
    if len(dropped):  # per reason and local day: counted per (minute, reason), the day from the minute
        minute = found.ts_us[dropped] // 60_000_000
        groups = pc.value_counts(pa.array(minute * len(REASONS) + code[dropped])).flatten()
        keys = groups[0].to_numpy()
        con.register("log_drops", pa.table({"reason": keys % len(REASONS), "n": groups[1],
                                            "ts": timestamps(keys // len(REASONS) * 60_000_000)}))
        try:
            per_day = con.execute("SELECT reason, CAST(timezone($tz, ts) AS DATE), sum(n) FROM log_drops "
                                  "GROUP BY ALL", {"tz": timezone}).fetchall()
        finally:
            con.unregister("log_drops")
        for reason, day, n in per_day:
            drops[Drop(REASONS[reason])] += int(n)
            drops.daily[(site, day, REASONS[reason])] += int(n)
    kept = np.flatnonzero(code == 0)
    n = len(kept)

    def text(field: tuple[np.ndarray, np.ndarray], valid: np.ndarray | None = None) -> pa.Array:
        """The field of the kept lines, dictionary-encoded (the pipeline works once per distinct value).
        Copied out of the views first: Arrow encodes plain strings faster (IPs: 2.2 ms instead of 3.5)."""
        return pc.dictionary_encode(string_views(buf, data, field[0][kept], field[1][kept], valid).cast(pa.string()))

    def constant(value: str) -> pa.Array:
        return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32)), pa.array([value]))

    ref_start, ref_len = found.ref[0][kept], found.ref[1][kept]
    is_dash = (ref_len == 1) & (buf[np.clip(ref_start, 0, len(buf) - 1)] == ord("-"))
    # url and method per kept line, through the kept pairs only: the pipeline then parses page URLs,
    # not the static files of the dropped lines (dictionaries as arrays: a chunked one costs 2 ms)
    kept_pairs, on_kept_pair = np.unique(pair[kept], return_inverse=True)
    on_pair = pa.array(on_kept_pair.astype(np.int32))
    per_pair = per_pair.take(pa.array(kept_pairs))
    raw = pa.table({
        "site": constant(site), "origin": constant("log"),
        "ts": timestamps(found.ts_us[kept]), "ip": text(found.ip),
        "user_agent": text(found.ua, found.ua[1][kept] >= 0),
        "url": pa.DictionaryArray.from_arrays(on_pair, per_pair["url"].combine_chunks()),
        "referrer": text(found.ref, (ref_len >= 0) & ~is_dash),
        "accept_language": pa.nulls(n, pa.string()), "gpc": pa.repeat(pa.scalar(False), n),
        "dnt": pa.repeat(pa.scalar(False), n), "consent": pa.nulls(n, pa.string()),
        "status": pa.array(found.status[kept], pa.int32()),
        "method": pa.DictionaryArray.from_arrays(on_pair, per_pair["method"].combine_chunks()),
    })
    return raw, drops
