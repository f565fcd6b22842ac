"""Per-client limits on the public forms (data-subject requests, sign-up, contact), so that nobody
can use them to flood other people's mailboxes, or our inbox, from one machine.

Clients are told apart by a keyed hash of their IP address, kept in memory only (never written,
never logged) with a key drawn when the process starts. Clients with no known address (direct
access, a proxy that omits X-Forwarded-For) share one bucket: no address is not no limit.
"""
from __future__ import annotations

import hashlib
import secrets
import threading
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

_KEY = secrets.token_bytes(32)
_NO_ADDRESS = b"no address"  # the shared bucket's key (a digest is 16 bytes: never equal)


class ClientLimit:
    """At most `limit` attempts per client in any sliding `window`."""

    def __init__(self, limit: int, window: timedelta,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._seen: dict[bytes, deque[datetime]] = {}
        self._lock = threading.Lock()

    def allow(self, client_ip: str | None) -> bool:
        """Count one attempt of this client; False (not counted) once it made `limit` in the window."""
        client = (hashlib.blake2b(client_ip.encode(), key=_KEY, digest_size=16).digest() if client_ip
                  else _NO_ADDRESS)
        now = self.clock()
        with self._lock:
            self._forget_before(now - self.window)
            times = self._seen.setdefault(client, deque())
            if len(times) >= self.limit:
                return False
            times.append(now)
            return True

    def clear(self) -> None:
        """Forget every client (tests: each starts with fresh limits)."""
        with self._lock:
            self._seen.clear()

    def _forget_before(self, cutoff: datetime) -> None:
        for client in list(self._seen):
            times = self._seen[client]
            while times and times[0] <= cutoff:
                times.popleft()
            if not times:
                del self._seen[client]


# Generous for people, low for a script: a household sends a few requests a day at most.
REQUEST_FORM = ClientLimit(10, timedelta(hours=1))
SIGN_UP = ClientLimit(10, timedelta(hours=1))
CONTACT_FORM = ClientLimit(10, timedelta(hours=1))
SIGN_UP_NOTICE = ClientLimit(3, timedelta(days=1))  # per address: "someone tried to sign up with it" mails


def forget_all() -> None:
    """Every form limit starts afresh (tests: AppTest sessions have no address, so share one bucket)."""
    for limit in (REQUEST_FORM, SIGN_UP, CONTACT_FORM, SIGN_UP_NOTICE):
        limit.clear()
