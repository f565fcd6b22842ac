"""Vectorised scan of access-log lines: numpy over the file's bytes, no Python per line.

Lines of the usual strict shape (about all of a real log) are read here:

    IP IDENT USER [dd/Mon/yyyy:HH:MM:SS +zzzz] "REQUEST" SSS BYTES "REFERRER" "USER-AGENT" ...

(or the common format, which stops after BYTES), printable ASCII before the request, no escaped
quote. Their fields are found from the positions of the newlines and quotes, and read at fixed
offsets (timestamp, status) or as Arrow string views into the file's buffer (no copy). Every
other line is listed in `Scan.slow` for the SQL parser (logs.PARSE_SQL), which gives the same
fields for strict lines (tests/unit/audience/test_aud_logscan.py): this path only saves time.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

HEAD_MAX = 48  # "IP IDENT USER" longer than this (a long user name) -> SQL parser
_BLOCK = 1 << 22  # comparisons per 4 MiB block: a whole-file boolean temporary costs page faults
_MONTHS = (b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec")
_MONTH_KEYS = np.array([(m[0] << 16) | (m[1] << 8) | m[2] for m in _MONTHS], np.int32)
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int32)
# Offsets in "dd/Mon/yyyy:HH:MM:SS +zzzz" (26 bytes between "[" and "]"), and the fixed bytes
# of ' [dd/Mon/yyyy:HH:MM:SS +zzzz] "' (the 31 bytes before the request).
_DIGITS = np.array([0, 1, 7, 8, 9, 10, 12, 13, 15, 16, 18, 19, 22, 23, 24, 25])
_FRAME_POS = np.array([0, 1, 4, 8, 13, 16, 19, 22, 28, 29, 30])
_FRAME = np.frombuffer(b' [//::: ] "', np.uint8)


@dataclass
class Scan:
    """Line boundaries of a buffer and, for the lines of the strict shape, their fields."""
    offsets: np.ndarray      # line i = buf[offsets[i]:offsets[i + 1]] (terminator included)
    fast: np.ndarray         # indices of the lines read here
    slow: np.ndarray         # indices of the lines left to the SQL parser
    ts_us: np.ndarray        # per fast line: UTC timestamp, microseconds since the epoch
    status: np.ndarray       # per fast line: HTTP status (100..599)
    ip: tuple[np.ndarray, np.ndarray]    # per fast line: (start, length) in the buffer
    req: tuple[np.ndarray, np.ndarray]
    ref: tuple[np.ndarray, np.ndarray]   # length -1: no such field (common format)
    ua: tuple[np.ndarray, np.ndarray]

    @property
    def lines(self) -> int:
        return len(self.offsets) - 1


def _positions(buf: np.ndarray, byte: int) -> np.ndarray:
    parts = [np.flatnonzero(buf[at:at + _BLOCK] == byte) + at for at in range(0, len(buf), _BLOCK)]
    return np.concatenate(parts) if parts else np.zeros(0, np.int64)


def _at(buf: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """buf[pos] with out-of-range positions read as 0 (the callers' masks reject those lines)."""
    return buf[np.clip(pos, 0, len(buf) - 1)] if len(buf) else np.zeros(len(pos), np.uint8)


def _windows(buf: np.ndarray, start: np.ndarray, width: int) -> np.ndarray:
    """(n, width) copy of buf[start:start + width] per row, zeros past the end of the buffer."""
    size = len(buf)
    start = np.clip(start, 0, size)
    inner = start <= size - width
    if len(start) == 0:
        return np.zeros((0, width), np.uint8)
    if inner.all():
        return sliding_window_view(buf, width)[start]
    out = np.zeros((len(start), width), np.uint8)
    if size >= width:
        out[inner] = sliding_window_view(buf, width)[start[inner]]
    base = max(size - width, 0)
    tail = np.concatenate([buf[base:], np.zeros(width, np.uint8)])
    out[~inner] = sliding_window_view(tail, width)[start[~inner] - base]
    return out


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    y = y - (m <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * np.where(m > 2, m - 3, m + 9) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def _timestamps(prefix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ok, UTC microseconds) from the 31 bytes before the request: ' [dd/Mon/yyyy:HH:MM:SS +zzzz] "'."""
    ok = (prefix[:, _FRAME_POS] == _FRAME).all(axis=1)
    digit = prefix[:, _DIGITS + 2] - np.uint8(48)  # wraps: only '0'..'9' give 0..9
    ok &= (digit < 10).all(axis=1)
    digit = digit.astype(np.int32)
    pair = digit[:, 0::2] * 10 + digit[:, 1::2]  # dd, yy (century), yy, HH, MM, SS, zone HH, zone MM
    day, year, hour, minute, second = pair[:, 0], pair[:, 1] * 100 + pair[:, 2], pair[:, 3], pair[:, 4], pair[:, 5]
    month_key = (prefix[:, 5].astype(np.int32) << 16) | (prefix[:, 6].astype(np.int32) << 8) | prefix[:, 7]
    is_month = month_key[:, None] == _MONTH_KEYS
    ok &= is_month.any(axis=1)
    month = is_month.argmax(axis=1) + 1
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    ok &= (year >= 1000) & (day >= 1) & (day <= _DAYS_IN_MONTH[month] + (leap & (month == 2)))
    ok &= (pair[:, 3:6].max(axis=1) <= 59) & (hour <= 23) & (pair[:, 6] <= 23) & (pair[:, 7] <= 59)
    ok &= (prefix[:, 23] == ord("+")) | (prefix[:, 23] == ord("-"))
    zone = np.where(prefix[:, 23] == ord("-"), -60, 60) * (pair[:, 6] * 60 + pair[:, 7])
    seconds = (_days_from_civil(year, month, day).astype(np.int64) * 86400
               + (hour * 3600 + minute * 60 + second - zone))
    return ok, seconds * 1_000_000


_LUT = np.zeros(256, np.uint8)  # head bytes: 0 fine, 1 space, 64 anything else (-> SQL parser)
_LUT[:0x21] = 64
_LUT[0x7F:] = 64
_LUT[ord("[")] = 64
_LUT[32] = 1


def _head(buf: np.ndarray, start: np.ndarray, length: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ok, length of the first field) of "IP IDENT USER": three fields of printable ASCII
    (no "[") separated by single spaces."""
    ok = np.zeros(len(start), bool)
    first = np.zeros(len(start), np.int64)
    short = length <= 24  # IPv4 heads: a narrower window
    for rows, width in ((np.flatnonzero(short), 24), (np.flatnonzero(~short), HEAD_MAX)):
        if not len(rows):
            continue
        size = length[rows]
        kind = _LUT[_windows(buf, start[rows], width)]
        kind *= np.arange(width, dtype=np.int32) < size[:, None]
        space = kind == 1
        s1 = space.argmax(axis=1)
        s2 = (space * np.arange(width, dtype=np.int32)).sum(axis=1) - s1  # exactly two spaces: the other one
        ok[rows] = (kind.sum(axis=1, dtype=np.int32) == 2) & (s1 > 0) & (s2 > s1 + 1) & (s2 < size - 1)
        first[rows] = s1
    return ok, first


def scan(buf: np.ndarray) -> Scan:
    """Find the lines of `buf` (uint8) and read those of the strict shape."""
    size = len(buf)
    offsets = np.concatenate([[0], _positions(buf, 10) + 1]).astype(np.int64)
    if offsets[-1] != size:
        offsets = np.append(offsets, size)
    starts, ends = offsets[:-1], offsets[1:]
    content_end = ends - (_at(buf, ends - 1) == 10)
    quotes = _positions(buf, 34)
    first, last = np.searchsorted(quotes, starts), np.searchsorted(quotes, content_end)
    count = last - first
    usable = (count >= 6) & (count % 2 == 0) | (count == 2)
    escaped = quotes[_at(buf, quotes - 1) == 92]  # \" (the SQL parser's regex handles them)
    usable[np.searchsorted(offsets, escaped, side="right") - 1] = False
    combined = count >= 6
    cand = np.flatnonzero(usable)
    combined, start, ce = combined[cand], starts[cand], content_end[cand]
    q = [quotes[np.minimum(first[cand] + k, len(quotes) - 1)] if len(quotes) else start for k in range(6)]
    head_len = q[0] - 30 - start
    ok = (head_len >= 5) & (head_len <= HEAD_MAX)
    ts_ok, ts_us = _timestamps(_windows(buf, q[0] - 30, 31))
    head_ok, ip_len = _head(buf, start, np.clip(head_len, 0, HEAD_MAX))
    ok &= ts_ok & head_ok
    # status: ' SSS' then a space (or, common format, the end of the line)
    status_text = _windows(buf, q[1] + 1, 5)
    digit = status_text[:, 1:4] - np.uint8(48)
    ok &= (status_text[:, 0] == 32) & (digit[:, 0] >= 1) & (digit[:, 0] <= 5) & (digit[:, 1:] < 10).all(axis=1)
    after = status_text[:, 4]
    ok &= (after == 32) | (~combined & ((q[1] + 5 == ce) | ((after == 13) & (q[1] + 6 == ce))))
    ok &= ~combined | ((q[4] == q[3] + 2) & (_at(buf, q[3] + 1) == 32))  # '" "' between referrer and UA
    status = digit.astype(np.int32) @ np.array([100, 10, 1], np.int32)
    keep = np.flatnonzero(ok)
    fast = cand[keep]
    is_fast = np.zeros(len(starts), bool)
    is_fast[fast] = True
    c, q = combined[keep], [p[keep] for p in q]
    missing = np.full(len(keep), -1, np.int64)
    return Scan(
        offsets=offsets, fast=fast, slow=np.flatnonzero(~is_fast), ts_us=ts_us[keep], status=status[keep],
        ip=(start[keep], ip_len[keep].astype(np.int64)), req=(q[0] + 1, q[1] - q[0] - 1),
        ref=(q[2] + 1, np.where(c, q[3] - q[2] - 1, missing)), ua=(q[4] + 1, np.where(c, q[5] - q[4] - 1, missing)))
