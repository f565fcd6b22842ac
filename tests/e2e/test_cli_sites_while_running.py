"""`python -m audience sites ...` and `zcat ... | python -m audience import-log -` while the app runs:
real server, real CLI processes; the app runs the commands over its loopback routes."""
from __future__ import annotations

import gzip
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT, free_port
from tests.e2e.conftest import start_server, stop_server
from tests.unit.audience.test_app_import import log_lines

pytestmark = pytest.mark.e2e


def test_site_commands_and_standard_input_through_the_running_app(tmp_path):
    data_dir = tmp_path / "live"
    env = {"APP_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "APP_DEFAULT_LANG": "en"}

    def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "audience", *args], cwd=PROJECT_ROOT, env=env, input=stdin,
                              capture_output=True, timeout=120)

    proc, _url, server_log = start_server(data_dir, free_port())
    try:
        added = cli("sites", "add", "shop", "--host", "www.shop.fr", "shop.fr")
        twice = cli("sites", "add", "shop", "--host", "www.shop.fr")
        listed = cli("sites", "list")
        piped = cli("import-log", "-", "--site", "shop", stdin=gzip.compress(log_lines()))
        removed = cli("sites", "remove", "shop")
        missing = cli("sites", "remove", "shop")
    finally:
        stop_server(proc)
    assert added.returncode == 0, added.stderr
    assert twice.returncode == 1 and b"already exists" in twice.stderr.lower()
    assert listed.stdout.split() == [b"shop", b"www.shop.fr", b"shop.fr"]
    assert piped.returncode == 0 and b"importing through it" in piped.stderr, piped.stderr
    assert b"format: combined" in piped.stderr and b"events stored:  3" in piped.stdout
    assert removed.returncode == 0 and missing.returncode == 1
    stopped = cli("sites", "list")  # the app stopped: run here, on the files
    assert stopped.returncode == 0 and stopped.stdout == b""
    assert b"203.0.113." not in server_log.read_bytes()
