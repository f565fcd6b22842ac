"""Backups are encrypted and expire (issue 15): a backup kept erased people's rows, in clear, forever."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from config import settings
from privacy import backup, retention, sealed
from privacy.periods import period
from storage import Database
from tests.unit.privacy.helpers import make_dpo, make_user


def test_an_expired_backup_is_deleted_by_the_retention_run(db):
    dpo = make_dpo(db)
    old, recent = backup.backup_now(dpo), backup.backup_now(dpo)
    manifest = json.loads((old / "manifest.json").read_text())
    manifest["created_at"] = (datetime.now(UTC) - timedelta(days=period("backup_days"), minutes=1)).isoformat()
    (old / "manifest.json").write_text(json.dumps(manifest))
    results = {r.job: r for r in retention.run_all(str(dpo.id), "manual")}
    assert results["backups"].status == "ok" and results["backups"].details == {"backups_deleted": 1}
    assert not old.exists() and recent.exists()


def test_a_backup_needs_the_key_it_was_made_with(db, tmp_path, monkeypatch):
    make_user(db, "someone@x.fr")
    monkeypatch.setenv("APP_ENCRYPTION_KEY", "the service's own secret")
    settings.reload_settings()
    folder = backup.backup(tmp_path / "b", db)
    data_dir = db.data_dir
    db.close()
    monkeypatch.delenv("APP_ENCRYPTION_KEY")
    settings.reload_settings()
    with pytest.raises(sealed.SealError):
        backup.restore(folder, tmp_path / "elsewhere")
    monkeypatch.setenv("APP_ENCRYPTION_KEY", "the service's own secret")
    settings.reload_settings()
    assert backup.restore(folder, data_dir, force_uncompressed=True) == 0
    reopened = Database(data_dir)
    try:
        assert reopened.query_one("SELECT count(*) FROM users WHERE email = 'someone@x.fr'")[0] == 1
    finally:
        reopened.close()


@pytest.mark.parametrize("size", [0, 1, sealed.CHUNK - 1, sealed.CHUNK, 2 * sealed.CHUNK + 5])
def test_sealed_files_round_trip_and_refuse_tampering(tmp_path, size):
    plain = tmp_path / "plain"
    plain.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    key = b"k" * 32
    sealed.seal(plain, tmp_path / "sealed", key)
    sealed.unseal(tmp_path / "sealed", tmp_path / "opened", [b"w" * 32, key])
    assert (tmp_path / "opened").read_bytes() == plain.read_bytes()
    data = (tmp_path / "sealed").read_bytes()
    for broken in (data[:-1], data[:len(sealed.MAGIC) + 10], data + b"\0",
                   data[:40] + bytes([data[40] ^ 1]) + data[41:]):
        (tmp_path / "broken").write_bytes(broken)
        with pytest.raises(sealed.SealError):
            sealed.unseal(tmp_path / "broken", tmp_path / "opened", [key])
