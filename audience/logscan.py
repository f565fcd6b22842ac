"""Scan of access-log lines: one compiled (numba) pass over the file's bytes, no Python per line.

Lines of the usual strict shape (about all of a real log) are read here:

    IP IDENT USER [dd/Mon/yyyy:HH:MM:SS +zzzz] "REQUEST" SSS BYTES "REFERRER" "USER-AGENT" ...

(or the common format, which stops after BYTES), printable ASCII before the request, no escaped
quote. The loop reads the buffer eight bytes at a time, notes where each line's quotes are, and at
the line's end checks it: the head, the timestamp at its fixed offsets, the status, the quoted
fields. Fields are returned as (start, length) in the buffer: the caller makes Arrow string views
of them (no copy). Every other line is listed in `Scan.slow` for the SQL parser (logs.PARSE_SQL),
which gives the same fields for strict lines (tests/unit/audience/test_logscan*.py): this path
only saves time, so a line it is not sure about goes there.

The loop releases the GIL (the caller scans chunks on several threads), keeps no global state,
and is compiled once: numba caches the machine code in __pycache__ (cache=True).
"""
from __future__ import annotations

import mmap
from dataclasses import dataclass

import numba
import numpy as np

HEAD_MAX = 48  # "IP IDENT USER" longer than this (a long user name) -> SQL parser
NL, CR, SPACE, QUOTE, BACKSLASH = 10, 13, 32, 34, 92
_MONTHS = np.array([int.from_bytes(m, "big") for m in (b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul",
                                                        b"Aug", b"Sep", b"Oct", b"Nov", b"Dec")], np.int64)
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)
# A byte in each of the 8 bytes of a word. '"' (0x22) and "\n" (0x0A) differ only in the bits 0x28:
# with those cleared both read 0x02, like "*" (0x2A) and 0x02 itself (told apart after).
_LOW7, _NOT_28, _TWOS, _HIGH = (np.uint64(0x0101010101010101 * byte) for byte in (0x7F, 0xD7, 0x02, 0x80))
# The fields of a fast line, in this order: rows of Scan's arrays while they are filled.
_TS, _STATUS, _IP, _IP_LEN, _REQ, _REQ_LEN, _REF, _REF_LEN, _UA, _UA_LEN = range(10)
_NO_FIELDS = (0,) * 10

_jit = numba.njit(nogil=True, cache=True)


@dataclass
class Scan:
    """Line boundaries of a buffer and, for the lines of the strict shape, their fields."""
    ascii_only: bool         # no byte >= 0x80 in the buffer (else its text may not be valid UTF-8)
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


@_jit
def _number(buf, i, width):
    """Value of the decimal digits buf[i:i + width]; -1 if one of them is not a digit."""
    value = 0
    for j in range(i, i + width):
        digit = np.int64(buf[j]) - 48
        if digit < 0 or digit > 9:
            return -1
        value = value * 10 + digit
    return value


@_jit
def _month(buf, i):
    """1..12 for "Jan".."Dec" at buf[i:i + 3] (this case only, as strptime's %b reads it), else 0."""
    key = (np.int64(buf[i]) << 16) | (np.int64(buf[i + 1]) << 8) | np.int64(buf[i + 2])
    for m in range(12):
        if key == _MONTHS[m]:
            return m + 1
    return 0


@_jit
def _days_from_civil(year, month, day):
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil)."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month - 3 if month > 2 else month + 9) + 2) // 5 + day - 1
    return era * 146097 + year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year - 719468


@_jit
def _utc_us(day, month, year, hour, minute, second, zone_sign, zone_hour, zone_minute):
    """UTC microseconds of a local time, or -1 (never a whole second) unless it is a real one as
    strptime reads it: not Feb 31, 24:00:00, +2400... (numbers -1: not digits; month, sign 0: unknown)."""
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    month_days = _DAYS_IN_MONTH[month] + (1 if leap and month == 2 else 0)
    if month == 0 or year < 1000 or not 1 <= day <= month_days or zone_sign == 0:
        return -1
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59 and 0 <= zone_hour <= 23
            and 0 <= zone_minute <= 59):
        return -1
    local = _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
    return (local - zone_sign * (zone_hour * 3600 + zone_minute * 60)) * 1_000_000


@_jit
def _ip_length(buf, start, stop):
    """Length of IP in the head "IP IDENT USER" = buf[start:stop]; -1 unless it is three non-empty
    fields of printable ASCII but "[" (the SQL parser cuts the timestamp there), single spaces."""
    first = second = -1  # positions of the two spaces
    for i in range(start, stop):
        byte = buf[i]
        if byte == SPACE:
            if first < 0:
                first = i
            elif second < 0:
                second = i
            else:
                return -1
        elif byte < 0x21 or byte > 0x7E or byte == 91:  # "["
            return -1
    if first <= start or second <= first + 1 or second >= stop - 1:
        return -1
    return first - start


# Inlined into the loop, and given numbers (q: a tuple), not arrays: each array passed to a
# compiled function costs two atomic reference count updates, per line here.
@numba.njit(nogil=True, cache=True, inline="always")
def _read_line(buf, start, stop, q, quotes):
    """(strict, fields) of the line buf[start:stop] (no terminator, `quotes` quotes, the first six
    at q): fields in the order _TS.._UA_LEN, meaningless unless the line has the strict shape."""
    combined = quotes >= 6  # "REQUEST" "REFERRER" "USER-AGENT", maybe more quoted fields
    if not (quotes == 2 or (combined and quotes % 2 == 0)):
        return False, _NO_FIELDS
    head_stop = q[0] - 30  # the head, then ' [' + 26-byte timestamp + '] "'
    if not 5 <= head_stop - start <= HEAD_MAX:
        return False, _NO_FIELDS
    t = head_stop + 2  # "dd/Mon/yyyy:HH:MM:SS +zzzz"
    for at, byte in ((-2, SPACE), (-1, 91), (2, 47), (6, 47), (11, 58), (14, 58), (17, 58), (20, SPACE),
                     (26, 93), (27, SPACE)):  # " [" "/" ":" " " "] "
        if buf[t + at] != byte:
            return False, _NO_FIELDS
    sign = 1 if buf[t + 21] == 43 else -1 if buf[t + 21] == 45 else 0  # "+" "-"
    ts = _utc_us(_number(buf, t, 2), _month(buf, t + 3), _number(buf, t + 7, 4), _number(buf, t + 12, 2),
                 _number(buf, t + 15, 2), _number(buf, t + 18, 2), sign, _number(buf, t + 22, 2),
                 _number(buf, t + 24, 2))
    ip_len = _ip_length(buf, start, head_stop)
    if ts == -1 or ip_len < 0 or q[1] + 4 >= stop:
        return False, _NO_FIELDS
    status = _number(buf, q[1] + 2, 3)
    if buf[q[1] + 1] != SPACE or not 100 <= status <= 599:
        return False, _NO_FIELDS
    after = q[1] + 5  # after '" SSS': a space, or the end of a common-format line
    if combined:
        if buf[after] != SPACE or q[4] != q[3] + 2 or buf[q[3] + 1] != SPACE:  # '" "' between referrer and UA
            return False, _NO_FIELDS
        ref, ref_len, ua, ua_len = q[2] + 1, q[3] - q[2] - 1, q[4] + 1, q[5] - q[4] - 1
    else:
        if not (after == stop or buf[after] == SPACE or (buf[after] == CR and after + 1 == stop)):
            return False, _NO_FIELDS
        ref, ref_len, ua, ua_len = after, -1, after, -1
    return True, (ts, status, start, ip_len, q[0] + 1, q[1] - q[0] - 1, ref, ref_len, ua, ua_len)


@_jit
def _word(buf, at):
    """buf[at:at + 8] as a little-endian number (LLVM makes it one load, aligned or not)."""
    word = np.uint64(0)
    for k in range(8):
        word |= np.uint64(buf[at + k]) << np.uint64(8 * k)
    return word


@_jit
def _last_word(buf, at):
    """buf[at:] (< 8 bytes) likewise, zero-padded, then a newline unless the buffer ends with one:
    an unterminated last line is a line too."""
    word = np.uint64(0)
    for i in range(at, len(buf)):
        word |= np.uint64(buf[i]) << np.uint64(8 * (i - at))
    if len(buf) and buf[-1] != NL:
        word |= np.uint64(NL) << np.uint64(8 * (len(buf) - at))
    return word


@_jit
def _first_byte(hits):
    """Index (0..7) of the lowest byte of `hits` whose high bit is set (the others' are 0 or 0x80):
    that byte isolated, moved to 0x01, times 0x0001020304050607 puts its index in the top byte."""
    lowest = hits & (~hits + np.uint64(1))
    return np.int64(((lowest >> np.uint64(7)) * np.uint64(0x0001020304050607)) >> np.uint64(56))


@_jit
def _zero_bytes(word):
    """`word` with the high bit of each of its zero bytes set, all else clear (no carry crosses bytes)."""
    return ~(((word & _LOW7) + _LOW7) | word | _LOW7)


@_jit
def _scan(buf, offsets, fast, slow, fields):
    """Fill the arrays of Scan as far as they have room (fields[_TS.._UA_LEN, i]: the fast line
    fast[i]); return (lines, fast lines, slow lines, ASCII only), lines > room meaning "call again
    with more"."""
    size, room = len(buf), len(fast)
    high = np.uint64(0)  # every word OR-ed: a byte >= 0x80 anywhere sets one of its high bits
    q = np.zeros(6, np.int64)  # positions of the line's first six quotes
    line = n_fast = n_slow = start = quotes = 0
    escaped = False
    offsets[0] = 0
    for w in range(size // 8 + 1):  # 8 bytes at a time, the last word partial
        at = 8 * w
        word = _word(buf, at) if at + 8 <= size else _last_word(buf, at)
        high |= word
        hits = _zero_bytes((word & _NOT_28) ^ _TWOS)
        while hits:  # the quotes and newlines of this word (and "*"), in order
            pos = at + _first_byte(hits)
            hits &= hits - np.uint64(1)
            byte = buf[pos] if pos < size else NL  # past the end: the newline of _last_word
            if byte == QUOTE:
                if quotes < 6:
                    q[quotes] = pos
                quotes += 1
                escaped |= pos > start and buf[pos - 1] == BACKSLASH  # only the SQL parser's regex reads \"
                continue
            if byte != NL:  # "*" or 0x02
                continue
            if line < room:  # the line ends at pos
                strict, found = _read_line(buf, start, pos, (q[0], q[1], q[2], q[3], q[4], q[5]), quotes)
                if strict and not escaped:
                    for row in range(10):
                        fields[row, n_fast] = found[row]
                    fast[n_fast] = line
                    n_fast += 1
                else:
                    slow[n_slow] = line
                    n_slow += 1
                offsets[line + 1] = min(pos + 1, size)
            line += 1
            start, quotes, escaped = pos + 1, 0, False
    return line, n_fast, n_slow, (high & _HIGH) == 0


def _unwritten(n: int) -> np.ndarray:
    """n int64 on 4 KB pages, which become memory only where written: numpy maps arrays this large
    on 2 MB pages, committed whole by their first byte written (the fields fill the start of each of
    their rows), and a VM's host may have taken the free 2 MB blocks back. The import of 1M lines
    after 10 s idle (6 runs each, alternated): 0.96 s instead of 1.02 s; back to back the same (0.83 s)."""
    return np.frombuffer(mmap.mmap(-1, max(8, 8 * n)), np.int64, count=n)


def scan(buf: np.ndarray) -> Scan:
    """Find the lines of `buf` (uint8) and read those of the strict shape."""
    buf = np.ascontiguousarray(buf).view()
    buf.flags.writeable = False  # one compiled version: callers pass read-only views of a file
    room = len(buf) // 64 + 16  # lines; memory never written is never committed
    while True:
        offsets, fast, slow = _unwritten(room + 1), _unwritten(room), _unwritten(room)
        fields = _unwritten(10 * room).reshape(10, room)
        lines, n_fast, n_slow, ascii_only = _scan(buf, offsets, fast, slow, fields)
        if lines <= room:
            break
        room = lines  # lines shorter than 64 bytes on average: now counted
    f = fields[:, :n_fast]
    return Scan(ascii_only=bool(ascii_only), offsets=offsets[:lines + 1], fast=fast[:n_fast],
                slow=slow[:n_slow].copy(), ts_us=f[_TS], status=f[_STATUS].astype(np.int32),
                ip=(f[_IP], f[_IP_LEN]), req=(f[_REQ], f[_REQ_LEN]),
                ref=(f[_REF], f[_REF_LEN]), ua=(f[_UA], f[_UA_LEN]))
