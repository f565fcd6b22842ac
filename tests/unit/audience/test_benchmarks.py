"""The import benchmarks still run (tiny sizes: the figures themselves are read by people, not tested)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT


@pytest.mark.parametrize(("script", "expected"), [
    ("log_import.py", ["audience import:", "stored "]),
    ("store_layout.py", ["text columns (the project's layout)", "integer ids (what-if)", "difference:"]),
])
def test_benchmark_runs_on_a_small_log(script, expected, tmp_path):
    done = subprocess.run([sys.executable, f"benchmarks/{script}", "--lines", "3000", "--repeat", "1"],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=240,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "APP_DATA_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    for text in expected:
        assert text in done.stdout
