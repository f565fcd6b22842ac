"""Backup while the app runs, restore into a stopped app: an erased person never comes back."""
from __future__ import annotations

import secrets
import subprocess
import sys

from privacy.backup import backup, restore
from privacy.erasure import erase_person
from storage import Database
from storage import db as db_module
from tests.unit.privacy.helpers import make_dpo, make_user


def test_backup_then_erasure_then_restore_keeps_the_person_erased(db, tmp_path):
    dpo = make_dpo(db)
    marker = f"restoreme{secrets.token_hex(4)}"
    person = make_user(db, f"{marker}@x.fr", first_name=marker)
    keep = make_user(db, "keep@x.fr")
    folder = backup(tmp_path / "backups", db)          # the app's database stays open meanwhile
    assert marker.encode() in (db.data_dir / "app.duckdb").read_bytes()  # the byte scan can see it
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["app.duckdb.sealed", "audience.duckdb.sealed", "manifest.json"]
    for path in folder.iterdir():                      # encrypted: none of the plain rows
        data = path.read_bytes()
        assert marker.encode() not in data and b"keep@x.fr" not in data and b"restoreme" not in data
    assert db.query_one("SELECT count(*) FROM users")[0] == 3   # still usable after the backup

    erase_person(dpo, user_id=person.id, reason="request")
    data_dir = db.data_dir
    db.close()

    assert restore(folder, data_dir, force_uncompressed=True) == 1
    reopened = Database(data_dir, force_uncompressed=True)
    try:
        emails = {r[0] for r in reopened.query("SELECT email FROM users")}
        assert emails == {"dpo@example.fr", keep.email}
        assert marker.encode() not in (data_dir / "app.duckdb").read_bytes()
    finally:
        reopened.close()


def cli(data_dir, *args):
    return subprocess.run([sys.executable, "-m", "privacy", *map(str, args)], capture_output=True, text=True,
                          env={"APP_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}, timeout=60)


def test_cli_backup_refuses_while_the_app_holds_the_files(db, tmp_path):
    out = cli(db.data_dir, "backup", tmp_path / "b")
    assert out.returncode == 2 and "already open" in out.stderr


def test_cli_backup_and_restore_with_the_app_stopped(db, tmp_path):
    dpo = make_dpo(db)
    person = make_user(db, "gone@x.fr")
    data_dir = db.data_dir
    db.close()
    out = cli(data_dir, "backup", tmp_path / "b")
    assert out.returncode == 0, out.stderr
    [folder] = (tmp_path / "b").iterdir()
    reopened = Database(data_dir, force_uncompressed=True)
    with db_module._instance_lock:
        db_module._instance = reopened
    erase_person(dpo, user_id=person.id, reason="request")
    db_module.reset_db()
    out = cli(data_dir, "restore", folder)
    assert out.returncode == 0 and "re-applied to 1 people" in out.stdout, out.stdout + out.stderr
    assert cli(data_dir, "replay-erasures").stdout.strip() == "erasures re-applied to 0 people"
    check = Database(data_dir)
    try:
        assert check.query_one("SELECT count(*) FROM users WHERE email = 'gone@x.fr'")[0] == 0
    finally:
        check.close()


def test_restore_replays_on_the_restored_files_and_leaves_the_process_database_alone(db, tmp_path):
    dpo = make_dpo(db)
    person = make_user(db, "gone@x.fr")
    folder = backup(tmp_path / "backups", db)
    erase_person(dpo, user_id=person.id, reason="request")
    other = tmp_path / "elsewhere"     # restored beside the running database, which stays the process one
    assert restore(folder, other, force_uncompressed=True) == 1
    assert db_module.get_db() is db and db.query_one("SELECT count(*) FROM users")[0] == 1
    restored = Database(other, force_uncompressed=True)
    try:
        assert {r[0] for r in restored.query("SELECT email FROM users")} == {"dpo@example.fr"}
        assert restored.query_one("SELECT count(*) FROM dsr_audit WHERE action = 'erasure.replay'")[0] == 1
    finally:
        restored.close()
