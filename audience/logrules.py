"""The log rules: which requests of an access log are not page views. Their one definition.

First rule that applies:
1. a method other than GET                                     -> not_page
2. a status of 400 or more                                     -> http_error
3. a status of 300..399 but 304 (a redirect)                   -> redirect
4. a technical path (NOT_PAGE_PATHS, /wp-json/...) or a target
   that does not start with "/" (absolute URL, "*", empty)      -> not_page
5. a static file: the path's extension (any case) in STATIC_EXT -> static_asset
The path is the target before its "?" and "#"; a missing method reads GET, a missing status 200,
a missing target "/".

Compiled (numba): the importer classifies every line of a log without a string per line.
`of_requests` reads request lines ("GET /path HTTP/1.1") where they lie in the file's buffer;
`of_columns` reads method and target columns (the SQL parser's lines, pipeline.log_request).
Both run the same `_reason`.
"""
from __future__ import annotations

import numba
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from audience.event import Drop

STATIC_EXT = frozenset({
    "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "bmp", "tif", "tiff",
    "woff", "woff2", "ttf", "otf", "eot", "mp4", "webm", "mp3", "ogg", "wav", "flac", "avi", "mov", "pdf", "zip",
    "gz", "tgz", "bz2", "xz", "7z", "rar", "exe", "dmg", "iso", "deb", "rpm", "txt", "xml", "rss", "atom", "json",
    "csv", "xls", "xlsx", "doc", "docx", "ppt", "pptx", "swf", "jar", "apk"})
NOT_PAGE_PATHS = frozenset({"/robots.txt", "/favicon.ico", "/sitemap.xml", "/wp-cron.php", "/xmlrpc.php",
                            "/ads.txt", "/humans.txt", "/wp-login.php"})
API_PREFIX = "/wp-json/"
# Reason codes: 0 = a page view, kept.
REASONS: tuple[Drop | None, ...] = (None, Drop.NOT_PAGE, Drop.HTTP_ERROR, Drop.REDIRECT, Drop.STATIC_ASSET)
_KEPT, _NOT_PAGE, _HTTP_ERROR, _REDIRECT, _STATIC_ASSET = range(5)
SPACE, SLASH, DOT, QUESTION, HASH = 32, 47, 46, 63, 35


def _packed(text: str) -> int:
    """Up to 8 ASCII bytes as one number (the extension table's keys)."""
    return int.from_bytes(text.encode("ascii"), "little")


_EXTENSIONS = np.array(sorted(_packed(ext) for ext in STATIC_EXT), np.uint64)
_LONGEST_EXT = max(len(ext) for ext in STATIC_EXT)
_PATHS = np.frombuffer("".join(sorted(NOT_PAGE_PATHS)).encode("ascii"), np.uint8).copy()
_PATH_ENDS = np.cumsum([0] + [len(p) for p in sorted(NOT_PAGE_PATHS)]).astype(np.int64)
_API = np.frombuffer(API_PREFIX.encode("ascii"), np.uint8).copy()
_GET = np.frombuffer(b"GET", np.uint8).copy()


@numba.njit(nogil=True, cache=True, inline="always")
def _equals(text, start, length, word, word_start, word_length):
    if length != word_length:
        return False
    for k in range(length):  # noqa: SIM110 (compiled: a plain loop)
        if text[start + k] != word[word_start + k]:
            return False
    return True


@numba.njit(nogil=True, cache=True, inline="always")
def _path_length(target, t_start, t_len):
    """Length of the path: the target before its first "?" or "#"."""
    for k in range(t_len):
        if target[t_start + k] == QUESTION or target[t_start + k] == HASH:
            return k
    return t_len


@numba.njit(nogil=True, cache=True)
def _reason(method, m_start, m_len, target, t_start, t_len, path_len, status):
    """Reason code of one request (m_len or t_len < 0: missing; status < 0: missing); path_len:
    _path_length of the target (its callers find it while they read the target anyway)."""
    if m_len >= 0 and not _equals(method, m_start, m_len, _GET, 0, 3):
        return _NOT_PAGE
    if status >= 400:
        return _HTTP_ERROR
    if 300 <= status <= 399 and status != 304:
        return _REDIRECT
    if t_len < 0:
        return _KEPT  # "/"
    if t_len == 0 or target[t_start] != SLASH:
        return _NOT_PAGE
    if path_len >= len(_API) and _equals(target, t_start, len(_API), _API, 0, len(_API)):
        return _NOT_PAGE
    for p in range(len(_PATH_ENDS) - 1):
        if _equals(target, t_start, path_len, _PATHS, _PATH_ENDS[p], _PATH_ENDS[p + 1] - _PATH_ENDS[p]):
            return _NOT_PAGE
    key = np.uint64(0)  # the extension: letters and digits after the path's last dot, up to 8 packed
    for k in range(path_len - 1, -1, -1):
        byte = target[t_start + k]
        size = path_len - 1 - k  # read so far
        if byte == DOT:
            if size == 0 or size > _LONGEST_EXT:
                return _KEPT
            found = np.searchsorted(_EXTENSIONS, key)
            return _STATIC_ASSET if found < len(_EXTENSIONS) and _EXTENSIONS[found] == key else _KEPT
        if 65 <= byte <= 90:
            byte += 32  # lower case
        elif not (97 <= byte <= 122 or 48 <= byte <= 57):
            return _KEPT
        if size < 8:
            key = (key << np.uint64(8)) | np.uint64(byte)
    return _KEPT


@numba.njit(nogil=True, cache=True)
def _of_requests(buf, start, length, status):
    codes = np.empty(len(start), np.int8)
    url_start = np.empty(len(start), np.int64)
    url_len = np.empty(len(start), np.int64)
    for i in range(len(start)):
        s, n = start[i], length[i]
        first = n  # the request's first space, then its second: "METHOD TARGET VERSION"
        for k in range(n):
            if buf[s + k] == SPACE:
                first = k
                break
        second, path_end = n, -1  # the target's end, and where its path ends (one pass)
        for k in range(first + 1, n):
            byte = buf[s + k]
            if byte == SPACE:
                second = k
                break
            if path_end < 0 and byte in (QUESTION, HASH):
                path_end = k
        if path_end < 0:
            path_end = second
        url_start[i] = s + first + 1 if first < n else s + n
        url_len[i] = second - first - 1 if first < n else 0
        codes[i] = _reason(buf, s, first, buf, url_start[i], url_len[i], max(path_end - first - 1, 0), status[i])
    return codes, url_start, url_len


@numba.njit(nogil=True, cache=True)
def _of_columns(method, m_at, m_valid, target, t_at, t_valid, status):
    codes = np.empty(len(status), np.int8)
    for i in range(len(status)):
        m_len = m_at[i + 1] - m_at[i] if m_valid[i] else -1
        t_len = t_at[i + 1] - t_at[i] if t_valid[i] else -1
        codes[i] = _reason(method, m_at[i], m_len, target, t_at[i], t_len, _path_length(target, t_at[i], t_len),
                           status[i])
    return codes


def of_requests(buf: np.ndarray, start: np.ndarray, length: np.ndarray, status: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Reason code (index in REASONS) of each request line buf[start:start + length] with its
    status, and where its target lies (start, length in buf). Method and target are the first and
    second space-separated words (an empty target where there is none)."""
    return _of_requests(buf, np.asarray(start, np.int64), np.asarray(length, np.int64),
                        np.asarray(status, np.int64))


def of_columns(method: pa.Array, target: pa.Array, status: pa.Array) -> np.ndarray:
    """Reason code (index in REASONS) of each row of a method, a target and a status column."""
    texts = []
    for column in (method, target):
        column = pc.cast(column, pa.large_string())
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        _, offsets, data = column.buffers()
        texts += [np.frombuffer(data, np.uint8) if data is not None else np.zeros(0, np.uint8),
                  np.frombuffer(offsets, np.int64)[column.offset:column.offset + len(column) + 1],
                  pc.is_valid(column).to_numpy(zero_copy_only=False)]
    statuses = pc.fill_null(pc.cast(status, pa.int64()), -1).to_numpy(zero_copy_only=False)
    return _of_columns(*texts, statuses.astype(np.int64))  # a writable copy: one compiled signature
