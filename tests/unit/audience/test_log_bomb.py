"""Decompression bombs on log import: 1 GiB of NULs compressed to about 1 MB, sent to the running app's
/api/import-log handler (the staff page's upload calls the same import), in a fresh process whose peak
memory (resource.getrusage) is read after. Memory stays bounded by construction: the ratio limit
refuses the bomb after a few MiB; without it (limit lifted), the endless line is skipped unread."""
from __future__ import annotations

import bz2
import gzip
import json
import subprocess
import sys

import pytest
import zstandard

from tests.conftest import PROJECT_ROOT

GIB = 1 << 30
PIECE = 1 << 24

# Runs in the child: a data directory of its own, one site, the bomb through the HTTP handler.
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from audience import app_import, logfile, sites
from config.secrets import get_secret
from web import log_import
from storage import get_db
from tests.unit.audience.helpers import call

if sys.argv[3] == "no-ratio-limit":
    logfile.MAX_RATIO = 10 ** 9
get_db().execute("INSERT INTO audience_sites (name, hosts) VALUES ('shop', ['www.shop.fr'])")
sites.invalidate_cache()
body = Path(sys.argv[2]).read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
answer = call(log_import.import_endpoint, path="/api/import-log", query="site=shop", body=body,
              headers={"Authorization": "Bearer " + get_secret(app_import.TOKEN_SECRET),
                       "Content-Length": str(len(body))}, client="127.0.0.1")
print(json.dumps({"before_kb": before, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "seconds": time.perf_counter() - started,
                  "answer": [json.loads(line) for line in answer.body.splitlines()][-1]}))
"""


def bomb(kind: str) -> bytes:
    """A few real lines (the format is detected from them), then 1 GiB of NULs: the same compressed
    piece of 16 MiB one after another (gzip members, bzip2 streams, zstd frames: each reader goes on
    across them)."""
    packer = {"gzip": lambda data: gzip.compress(data, 9), "bz2": lambda data: bz2.compress(data, 9),
              "zstd": lambda data: zstandard.ZstdCompressor(level=19).compress(data)}[kind]
    head = "".join(f'203.0.113.{i} - - [10/Mar/2026:10:00:00 +0100] "GET / HTTP/1.1" 200 5 "-" "curl/8"\n'
                   for i in range(20)).encode()
    return packer(head) + packer(bytes(PIECE)) * (GIB // PIECE)


def run_child(tmp_path, kind: str, mode: str) -> dict:
    path = tmp_path / f"bomb.{kind}"
    path.write_bytes(bomb(kind))
    env = {"APP_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", CHILD, str(PROJECT_ROOT), str(path), mode], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("kind", ["gzip", "bz2", "zstd"])
def test_a_bomb_is_refused_by_its_ratio_in_bounded_memory(tmp_path, kind):
    got = run_child(tmp_path, kind, "limits")
    assert got["answer"] == {"error": "bomb", "values": {}}
    assert (got["peak_kb"] - got["before_kb"]) < 200 * 1024, got  # issue 15: the whole bomb was held in memory
    assert got["seconds"] < 30


def test_without_the_ratio_limit_the_endless_line_is_skipped_in_bounded_memory(tmp_path):
    got = run_child(tmp_path, "gzip", "no-ratio-limit")
    summary = got["answer"]["summary"]
    assert (summary["lines_read"], summary["dropped"]["line_too_long"]) == (21, 1)
    assert (got["peak_kb"] - got["before_kb"]) < 300 * 1024, got
