"""The data directory is private to the app's user: password hashes, requests, secrets and backups
live there. Directories 0700, files 0600, for what we create (umask) and for what an earlier
version left readable (fixed when the database opens)."""
from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
DIR_MODE, FILE_MODE = 0o700, 0o600


def make_private(data_dir: Path) -> None:
    """From now on this process creates files 0600 and directories 0700 (DuckDB's files and WAL
    too); `data_dir` and everything under it are set to those modes now."""
    os.umask(PRIVATE_UMASK)
    data_dir.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    _chmod(data_dir, DIR_MODE)
    for root, dirs, files in os.walk(data_dir):  # does not follow symbolic links
        for name in dirs:
            _chmod(Path(root) / name, DIR_MODE)
        for name in files:
            _chmod(Path(root) / name, FILE_MODE)


def _chmod(path: Path, mode: int) -> None:
    try:
        info = path.lstat()
        if not stat.S_ISLNK(info.st_mode) and stat.S_IMODE(info.st_mode) != mode:
            path.chmod(mode)
    except FileNotFoundError:  # removed meanwhile (a temp file)
        pass
