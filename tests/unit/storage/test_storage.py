"""The database module: migrations, the one write path, concurrency, the second-process guard, rebuild."""
from __future__ import annotations

import subprocess
import sys
import threading

import pyarrow as pa
import pytest

from storage import Database, insert_arrow
from storage.db import AUDIENCE_ROW_GROUP, for_insert
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


@pytest.mark.parametrize(("rows", "chunks", "threads", "row_group", "batches"), [
    (10, 1, 2, 100, [10]),
    (199, 3, 2, 100, [199]),            # under a row group per thread: one batch, the chunks combined
    (200, 1, 2, 100, [100, 100]),
    (501, 4, 2, 100, [251, 250]),       # one batch per thread, whatever the chunks were
    (501, 1, 4, 100, [126, 126, 126, 123]),
    (501, 1, 1, 100, [501]),
    (0, 1, 2, 100, []),
])
def test_bulk_rows_are_cut_into_one_batch_per_thread_of_a_row_group_or_more(rows, chunks, threads, row_group,
                                                                           batches):
    values = list(range(rows))
    step = -(-rows // chunks) or 1
    table = pa.Table.from_batches([pa.record_batch({"n": values[i:i + step]}, schema=pa.schema([("n", pa.int64())]))
                                   for i in range(0, max(rows, 1), step)])
    laid_out = for_insert(table, threads, row_group)
    assert [len(b) for b in laid_out.to_batches()] == batches
    assert laid_out["n"].to_pylist() == values


def test_insert_arrow_inserts_by_name_with_the_audience_row_group_size(db):
    rows = AUDIENCE_ROW_GROUP + 7
    db.write(lambda cur: cur.execute("CREATE TABLE audience.bulk_test (a BIGINT, b VARCHAR)"))
    table = pa.table({"b": pa.array([f"v{i}" for i in range(rows)]), "a": pa.array(range(rows), pa.int64())})
    db.write(lambda cur: insert_arrow(cur, "audience.bulk_test", table))
    assert db.query_one("SELECT count(*), sum(a), min(b), max(a) FROM audience.bulk_test") == (
        rows, rows * (rows - 1) // 2, "v0", rows - 1)
    assert db.query_one("SELECT count(*) FROM audience.bulk_test WHERE b <> 'v' || a") == (0,)
    db.checkpoint()
    groups = db.query_one("SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('audience.bulk_test')")
    assert groups == (2,)  # DuckDB's default size (122,880) would have made one


def test_a_failing_bulk_insert_leaves_nothing(db):
    db.write(lambda cur: cur.execute("CREATE TABLE audience.bulk_test (a BIGINT NOT NULL)"))

    def insert_then_fail(cur):
        insert_arrow(cur, "audience.bulk_test", pa.table({"a": pa.array(range(1000), pa.int64())}))
        insert_arrow(cur, "audience.bulk_test", pa.table({"a": pa.array([1, None], pa.int64())}))
    with pytest.raises(Exception, match="NOT NULL"):
        db.write(insert_then_fail)
    assert db.query_one("SELECT count(*) FROM audience.bulk_test") == (0,)


def test_workbook_cells_follow_the_csv_rule():
    from openpyxl import Workbook

    from storage.csvsafe import append_row, write_cell, write_formula

    sheet = Workbook().active
    assert write_cell(sheet, 1, 1, "=1+1").value == "'=1+1"
    assert write_cell(sheet, 1, 2, "-2").data_type == "s"
    assert write_cell(sheet, 1, 3, -2.5).value == -2.5
    cells = append_row(sheet, ["@A1", "plain", 3])
    assert [c.row for c in cells] == [2, 2, 2] and cells[0].value == "'@A1"
    assert write_formula(sheet, 3, 1, "A1+B1").data_type == "f"


def test_workbook_writers_use_the_one_rule():
    """Every module that builds a workbook writes its cells with storage.csvsafe (no formula from text)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    packages = [p.parent for p in root.glob("*/__init__.py") if p.parent.name != "tests"]
    offenders = []
    for path in [f for package in packages for f in package.rglob("*.py")] + list(root.glob("pages/*.py")):
        source = path.read_text(encoding="utf-8")
        if "openpyxl" not in source or path == root / "storage" / "csvsafe.py":
            continue
        for node in ast.walk(ast.parse(source)):
            direct = (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "cell"
                      and not (isinstance(node.func.value, ast.Name) and node.func.value.id in ("self", "pdf"))  # fpdf
                      and (len(node.args) > 2 or any(k.arg == "value" for k in node.keywords)))
            assigned = isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant)
                and isinstance(target.slice.value, str) or isinstance(target, ast.Attribute) and target.attr == "value"
                for target in node.targets)
            if direct or assigned:
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not offenders, f"write cells with storage.csvsafe.write_cell: {offenders}"
