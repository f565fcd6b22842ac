"""Daily visitor keys: random, one per local day, destroyed `visitor_key_hours` after the day starts.

Keys are files under <data>/secrets/audience_keys/ (mode 0600) so destroying one is a real unlink,
not a database delete that leaves bytes behind. With the default 48 h, today's and yesterday's
keys exist; the day before is gone, so nobody (us included) can link a hash to an address again.
Days whose key would already be destroyed (old log lines) get an in-memory key for the one import,
never written anywhere.
"""
from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numba
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from audience import blake2

KEY_BYTES = 32
Texts = Sequence[str | None] | pa.Array


class KeyStore:
    def __init__(self, directory: Path, *, keep_hours: int, timezone: str) -> None:
        self.directory = Path(directory)
        self.keep_hours = keep_hours
        self.tz = ZoneInfo(timezone)
        self._lock = threading.Lock()
        self._ephemeral: dict[date, bytes] = {}

    def _path(self, day: date) -> Path:
        return self.directory / f"{day.isoformat()}.key"

    def expires_at(self, day: date) -> datetime:
        start = datetime.combine(day, time(0), tzinfo=self.tz)
        return start + timedelta(hours=self.keep_hours)

    def key_for(self, day: date, now: datetime) -> bytes:
        """The key of `day`: stored while its lifetime runs, in memory only once past it."""
        if self.expires_at(day) <= now:
            with self._lock:
                return self._ephemeral.setdefault(day, secrets.token_bytes(KEY_BYTES))
        path = self._path(day)
        with self._lock:
            try:
                return path.read_bytes()
            except FileNotFoundError:
                pass
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            key = secrets.token_bytes(KEY_BYTES)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(key)
            return key

    def forget_ephemeral(self) -> None:
        """End of an import: the in-memory keys of old days disappear."""
        with self._lock:
            self._ephemeral.clear()

    def rotate(self, now: datetime) -> list[date]:
        """Destroy every stored key past its lifetime; return the days destroyed."""
        destroyed = []
        if not self.directory.exists():
            return destroyed
        with self._lock:
            for path in self.directory.glob("*.key"):
                try:
                    day = date.fromisoformat(path.stem)
                except ValueError:
                    continue
                if self.expires_at(day) <= now:
                    _destroy(path)
                    destroyed.append(day)
        return sorted(destroyed)

    def stored_days(self) -> list[date]:
        if not self.directory.exists():
            return []
        return sorted(date.fromisoformat(p.stem) for p in self.directory.glob("*.key"))


def _destroy(path: Path) -> None:
    # Overwrite before unlinking: a copy of the bytes in a free block is no use to anyone.
    try:
        size = path.stat().st_size
        with open(path, "r+b") as out:
            out.write(b"\0" * size)
            out.flush()
            os.fsync(out.fileno())
    finally:
        path.unlink(missing_ok=True)


def visitor_hashes(keys: Sequence[bytes], sites: Texts, ips: Texts, agents: Texts, rows: np.ndarray) -> np.ndarray:
    """Keyed BLAKE2b of site + full IP + user agent, as signed 64-bit integers: one per row of
    `rows` (n, 4), which holds indices into keys, sites, ips and agents (each value encoded once;
    Python strings or Arrow string arrays, None/null = "")."""
    tables = [_table(values) for values in (sites, ips, agents)]
    rows = np.asarray(rows, np.int64).reshape(-1, 4)
    return blake2.as_ids(_digests(blake2.keyed_states(list(keys)), rows,
                                  *(part for table in tables for part in table)))


def visitor_hash(key: bytes, site: str, ip: str, user_agent: str) -> int:
    return int(visitor_hashes([key], [site], [ip], [user_agent], np.zeros((1, 4), np.int64))[0])


def _table(values: Texts) -> tuple[np.ndarray, np.ndarray]:
    """UTF-8 bytes of the values end to end, and where each starts (None = "").

    An Arrow array is read in place (its data buffer and offsets): no Python string per value."""
    if isinstance(values, pa.Array):
        text = pc.fill_null(values.cast(pa.large_string()), "")
        _, offsets, data = text.buffers()
        bounds = np.frombuffer(offsets, np.int64)[text.offset:text.offset + len(text) + 1]
        return (np.frombuffer(data, np.uint8) if data is not None else np.zeros(0, np.uint8)), bounds
    encoded = [(v or "").encode("utf-8", "surrogatepass") for v in values]
    offsets = np.zeros(len(encoded) + 1, np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), np.uint8), offsets


@numba.njit(nogil=True, cache=True)
def _digests(states: np.ndarray, rows: np.ndarray, site: np.ndarray, site_at: np.ndarray, ip: np.ndarray,
             ip_at: np.ndarray, agent: np.ndarray, agent_at: np.ndarray) -> np.ndarray:
    """blake2.digest of "site\\0ip\\0agent" for every row (key, then indices into the three tables),
    each message written in turn into one scratch buffer."""
    longest = 0
    for i in range(len(rows)):
        s, p, a = rows[i, 1], rows[i, 2], rows[i, 3]
        longest = max(longest, site_at[s + 1] - site_at[s] + ip_at[p + 1] - ip_at[p] + agent_at[a + 1] - agent_at[a])
    message = np.empty(longest + 2, np.uint8)
    block, h = np.empty(blake2.BLOCK, np.uint8), np.empty(8, np.uint64)
    out = np.empty(len(rows), np.uint64)
    for i in range(len(rows)):
        size = -1
        for table, bounds, k in ((site, site_at, rows[i, 1]), (ip, ip_at, rows[i, 2]), (agent, agent_at, rows[i, 3])):
            if size >= 0:
                message[size] = 0  # the separator
            size += 1
            n = bounds[k + 1] - bounds[k]
            message[size:size + n] = table[bounds[k]:bounds[k] + n]
            size += n
        out[i] = blake2.digest(states[rows[i, 0]], message[:size], block, h)
    return out
