"""`python -m audience import-log` while the app runs (a cron job after logrotate): the app owns the
database, so the CLI hands it the file; real server, real CLI process, the rows read from the files after."""
from __future__ import annotations

import gzip
import subprocess
import sys

import pytest

from storage import Database
from tests.conftest import PROJECT_ROOT, free_port
from tests.e2e.conftest import start_server, stop_server
from tests.unit.audience.test_app_import import log_lines

pytestmark = pytest.mark.e2e


def _site() -> None:
    from storage import get_db

    get_db().execute("INSERT INTO audience_sites (name, hosts) VALUES ('shop', ['www.shop.fr'])")


def test_the_cli_imports_through_the_running_app(tmp_path):
    data_dir = tmp_path / "live"
    log = tmp_path / "access.log.1"
    log.write_bytes(log_lines())
    big = tmp_path / "access.log.2"  # large enough for a refusal to arrive while the body is being sent
    big.write_bytes(log_lines() * 200_000)
    packed = tmp_path / "access.log.1.gz"  # the same content, rotated and gzipped: decompressed by the app
    packed.write_bytes(gzip.compress(log_lines()))
    proc, _url, server_log = start_server(data_dir, free_port(), seed=_site)
    try:
        env = {"APP_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
        runs = [subprocess.run([sys.executable, "-m", "audience", "import-log", str(path), "--site", site],
                               cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
                for path, site in ((log, "shop"), (log, "shop"), (big, "nope"), (packed, "shop"))]
    finally:
        stop_server(proc)
    first, again, unknown, gzipped = runs
    assert unknown.returncode == 1 and "unknown site 'nope'" in unknown.stderr  # the app's refusal, not a broken pipe
    assert first.returncode == 0, first.stderr
    assert "importing through it" in first.stderr and "100.0%" in first.stderr
    assert "lines read:     6" in first.stdout and "events stored:  3" in first.stdout
    assert "bot               1" in first.stdout
    assert again.returncode == 0 and "events stored:  0" in again.stdout  # the same file: nothing added
    assert gzipped.returncode == 0 and "lines read:     6" in gzipped.stdout and "events stored:  0" in gzipped.stdout
    assert not (data_dir / "app.url").exists()  # withdrawn at shutdown
    database = Database(data_dir)
    try:
        assert database.query("SELECT DISTINCT ip_prefix FROM audience.events") == [("203.0.0.0",)]
    finally:
        database.close()
    assert "203.0.113." not in server_log.read_text(errors="replace")
