"""Backups of the databases, and restores that can never bring an erased person back.

backup(): inside the running app (DPO button) or from the CLI when the app is stopped. The copy is
consistent: CHECKPOINT, then the files are encrypted into the backup (privacy.sealed, with the key
of privacy.keys: APP_ENCRYPTION_KEY when set) while db.exclusive() holds every other access.
restore(): the app must be stopped; the files are decrypted in, opened, migrated, and the erasure
journal (kept outside the databases) is replayed before anything else can read them.
A backup may hold people erased after it was made: the app's backups (APP_DATA_DIR/backups) are
deleted by the retention job after `[retention] backup_days` (purge_expired), as the policy states.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from accounts import User, require
from privacy import audit
from privacy.erasure import replay_journal
from privacy.keys import backup_keys
from privacy.sealed import seal, unseal
from storage import Database, DatabaseLockedError, get_db
from storage.db import APP_FILE, AUDIENCE_FILE

FILES = (APP_FILE, AUDIENCE_FILE)
SEALED = ".sealed"  # suffix of an encrypted database file in a backup
ENCRYPTION = "aes-256-gcm, 4 MiB chunks"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def backup(dest: Path, db: Database | None = None) -> Path:
    """Write a consistent copy of both files into a new folder under dest; returns that folder."""
    db = db or get_db()
    folder = Path(dest) / datetime.now(UTC).strftime("backup-%Y%m%dT%H%M%S%fZ")
    folder.mkdir(parents=True, mode=0o700)
    versions = db.schema_versions()
    key = backup_keys()[0]
    with db.checkpointed():
        for name in FILES:
            seal(db.data_dir / name, folder / (name + SEALED), key)
    manifest = {"created_at": datetime.now(UTC).isoformat(), "schema_versions": versions,
                "encryption": ENCRYPTION, "files": {n + SEALED: _sha256(folder / (n + SEALED)) for n in FILES}}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return folder


def backup_now(actor: User | None) -> Path:
    """The in-app button: backups go to APP_DATA_DIR/backups (restricted like the data)."""
    require(actor, "dpo")
    folder = backup(get_db().data_dir / "backups")
    audit.record(str(actor.id), "backup", None, {"folder": folder.name})
    return folder


def restore(src: Path, data_dir: Path, *, force_uncompressed: bool = False) -> int:
    """Copy a backup into data_dir (app stopped), then replay the erasure journal. Returns people re-erased."""
    src = Path(src)
    manifest = json.loads((src / "manifest.json").read_text())
    for name, digest in manifest["files"].items():
        if _sha256(src / name) != digest:
            raise ValueError(f"backup file {name} is corrupt (checksum mismatch)")
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    if (data_dir / APP_FILE).exists():
        try:   # refuse while the app holds the files: DuckDB allows one process
            duckdb.connect(str(data_dir / APP_FILE)).close()
        except duckdb.IOException as exc:
            raise DatabaseLockedError(f"stop the app before restoring ({exc})") from None
    keys = backup_keys()
    for stored in manifest["files"]:
        name = stored.removesuffix(SEALED)
        Path(str(data_dir / name) + ".wal").unlink(missing_ok=True)
        tmp = data_dir / f"{name}.restoring"
        if stored.endswith(SEALED):
            unseal(src / stored, tmp, keys)
        else:  # a backup made before backups were encrypted
            shutil.copy2(src / stored, tmp)
        tmp.replace(data_dir / name)
    database = Database(data_dir, force_uncompressed=force_uncompressed)
    try:
        return replay_journal(database)   # on the restored files, not the process database
    finally:
        database.close()


def purge_expired(now: datetime, folder: Path | None = None) -> int:
    """Delete the app's backups older than `[retention] backup_days`; returns how many."""
    from privacy.periods import period

    folder = folder or get_db().data_dir / "backups"
    cutoff = now - timedelta(days=period("backup_days"))
    deleted = 0
    for manifest_path in sorted(folder.glob("backup-*/manifest.json")) if folder.is_dir() else []:
        created = datetime.fromisoformat(json.loads(manifest_path.read_text())["created_at"])
        if created <= cutoff:
            shutil.rmtree(manifest_path.parent)
            deleted += 1
    return deleted
