"""A throw-away PostgreSQL cluster from Debian's server package (initdb + pg_ctl), on loopback.

Used by the storage tests (a session-scoped fixture) and by `make pg` for developers:

    .venv/bin/python -m tests.pgserver data/pg      # starts a cluster there, prints APP_DATABASE_URL

initdb refuses to run as root: as root the cluster belongs to `nobody`. Authentication is `trust`
on 127.0.0.1 only, so nothing here is fit for anything but a developer's machine.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

DEBIAN_BIN = Path("/usr/lib/postgresql")


def server_bin() -> Path | None:
    """The newest installed server's bin folder (Debian keeps one per major version), else None."""
    found = sorted((p for p in DEBIAN_BIN.glob("*/bin") if (p / "initdb").exists()),
                   key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    data_dir: Path
    port: int
    bin_dir: Path

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def files_holding(self, needle: bytes) -> list[Path]:
        """Table and index files of every database (base/) whose bytes contain `needle`; the WAL
        (pg_wal/) is left out: it keeps old rows until its segments are recycled. Run CHECKPOINT
        first, or rows may still be in shared buffers only."""
        return [path for path in (self.data_dir / "base").rglob("*") if path.is_file() and needle in path.read_bytes()]

    def stop(self) -> None:
        _run([str(self.bin_dir / "pg_ctl"), "stop", "-D", str(self.data_dir), "-m", "fast", "-w"], check=False)


def _as_owner() -> dict:
    """subprocess arguments that run the server as `nobody` when we are root."""
    return {"user": "nobody", "group": "nogroup"} if os.geteuid() == 0 else {}


def _run(cmd: list[str], check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd="/", **_as_owner())
    if check and done.returncode:
        raise RuntimeError(f"{Path(cmd[0]).name} failed ({done.returncode}): {done.stderr.strip() or done.stdout}")
    return done


def start(data_dir: Path, port: int | None = None, *, durable: bool = False) -> Cluster:
    """initdb `data_dir` if it is empty (as root, its parents must be open to `nobody`), then start
    the server on 127.0.0.1:`port` (a free one by default)."""
    bin_dir = server_bin()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL's server is not installed (Debian: apt-get install postgresql, "
                                "or `make pg`)")
    data_dir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(data_dir, "nobody", "nogroup")
    if not (data_dir / "PG_VERSION").exists():
        _run([str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "postgres", "--auth=trust",
              "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"])
    port = port or _free_port()
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories=''"
    if not durable:  # a test cluster is thrown away: no commit waits on the disk
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    _run([str(bin_dir / "pg_ctl"), "start", "-D", str(data_dir), "-w", "-t", "60", "-o", options,
          "-l", str(data_dir / "server.log")])
    return Cluster(data_dir, port, bin_dir)


if __name__ == "__main__":
    where = Path(sys.argv[1] if len(sys.argv) > 1 else "data/pg").resolve()
    cluster = start(where, int(sys.argv[2]) if len(sys.argv) > 2 else 5433)
    as_owner = "runuser -u nobody -- " if os.geteuid() == 0 else ""
    print(f"PostgreSQL running (data in {where}); stop it with: "
          f"{as_owner}{cluster.bin_dir / 'pg_ctl'} stop -D {where}\nexport APP_DATABASE_URL={cluster.url}")
