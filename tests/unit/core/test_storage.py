"""The database module: migrations, the one write path, concurrency, the second-process guard, rebuild."""
from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from storage import Database
from storage.migrations import pending
from tests.conftest import PROJECT_ROOT


def test_migrations_are_applied_once_and_recorded(tmp_path):
    db = Database(tmp_path)
    versions = db.schema_versions()
    assert versions["app"] >= 1
    db.close()
    again = Database(tmp_path)
    assert again.schema_versions() == versions
    again.close()


def test_a_failing_write_leaves_nothing(db):
    def half(cur):
        cur.execute("INSERT INTO contact_requests (name, email, topic, message) VALUES ('a', 'a@b.fr', 'x', 'y')")
        raise RuntimeError("boom")
    with pytest.raises(RuntimeError):
        db.write(half)
    assert db.query_one("SELECT count(*) FROM contact_requests") == (0,)


def test_many_threads_write_and_read_concurrently(db):
    errors = []

    def worker(n: int) -> None:
        try:
            for i in range(40):
                db.execute("INSERT INTO contact_requests (name, email, topic, message) VALUES (?, ?, 'x', 'y')",
                           [f"n{n}-{i}", "a@b.fr"])
                db.query("SELECT count(*) FROM contact_requests")
        except Exception as exc:  # collected: a thread's exception would otherwise vanish
            errors.append(exc)
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert db.query_one("SELECT count(*) FROM contact_requests") == (320,)


def test_second_process_gets_a_clear_message(db):
    code = ("import sys; from storage import Database, DatabaseLockedError\n"
            "try:\n    Database(sys.argv[1])\nexcept DatabaseLockedError as e:\n    print(e); sys.exit(3)\n")
    out = subprocess.run([sys.executable, "-c", code, str(db.data_dir)], capture_output=True, text=True,
                         cwd=PROJECT_ROOT, timeout=60)
    assert out.returncode == 3, out.stderr
    assert "already open in another process" in out.stdout and "Traceback" not in out.stderr


def test_rebuild_keeps_live_rows_and_drops_deleted_bytes(db):
    marker = "MARKER-ZQXJ-" * 4
    db.execute("INSERT INTO contact_requests (name, email, topic, message) VALUES ('keep', 'k@b.fr', 'x', 'kept')")
    db.execute("INSERT INTO contact_requests (name, email, topic, message) VALUES ('gone', 'g@b.fr', 'x', ?)", [marker])
    db.checkpoint()
    db.execute("DELETE FROM contact_requests WHERE name = 'gone'")
    db.checkpoint()
    db.rebuild_app_file()
    assert db.query("SELECT name FROM contact_requests") == [("keep",)]
    for path in db.data_dir.glob("*.duckdb*"):
        assert marker.encode() not in path.read_bytes(), path


def test_migration_names_are_checked(tmp_path):
    (tmp_path / "0001_ok.sql").write_text("SELECT 1")
    assert [v for v, _ in pending(tmp_path, set())] == [1]
    (tmp_path / "bad name.sql").write_text("SELECT 1")
    with pytest.raises(ValueError):
        pending(tmp_path, set())


def test_health_reports_schema_versions(db):
    import api

    report = api.health()
    assert report["status"] == "ok" and report["schema_version"]["app"] >= 1


@pytest.mark.parametrize("value,expected", [("=1+1", "'=1+1"), ("+33", "'+33"), ("-x", "'-x"), ("@a", "'@a"),
                                            ("Mozilla/5.0", "Mozilla/5.0"), (12, 12), (None, None)])
def test_spreadsheet_cells_never_run_as_formulas(value, expected):
    from storage.csvsafe import spreadsheet_safe

    assert spreadsheet_safe(value) == expected
