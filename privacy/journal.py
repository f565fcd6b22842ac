"""The erasure journal: an append-only file OUTSIDE the databases, so it survives a restore.

Each line is JSON: when, the keyed hashes of the user id and of the e-mail, the reason. No
address or id in clear. After a backup is restored, privacy.erasure.replay_journal erases again
everyone the journal lists, so a restore never brings an erased person back. Rows found by e-mail
are only erased when they are older than the erasure: someone who later signs up again with the
same address is kept. This module is a leaf: it reads and appends the file, nothing else.
"""
from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from config.settings import get_settings
from privacy.keys import email_ref, user_ref

_lock = threading.Lock()


@dataclass(frozen=True)
class JournalEntry:
    erased_at: datetime
    user_ref: str | None
    email_ref: str | None
    reason: str


def journal_path() -> Path:
    folder = get_settings().APP_DATA_DIR / "journal"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder / "erasures.jsonl"


def append(*, user_id: str | None, email: str | None, reason: str,
           erased_at: datetime | None = None) -> JournalEntry:
    entry = JournalEntry(erased_at=erased_at or datetime.now(UTC),
                         user_ref=user_ref(user_id) if user_id else None,
                         email_ref=email_ref(email) if email else None, reason=reason)
    line = json.dumps({"erased_at": entry.erased_at.isoformat(), "user_ref": entry.user_ref,
                       "email_ref": entry.email_ref, "reason": reason})
    with _lock:
        fd = os.open(journal_path(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode())
            os.fsync(fd)   # an erasure must not be forgotten because of a crash right after it
        finally:
            os.close(fd)
    return entry


def entries() -> Iterator[JournalEntry]:
    path = journal_path()
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            yield JournalEntry(datetime.fromisoformat(d["erased_at"]), d.get("user_ref"),
                               d.get("email_ref"), d.get("reason", ""))

