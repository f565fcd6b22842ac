"""Secrets generated on first run and kept under the data directory, never in git."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from config.settings import get_settings


def secret_dir() -> Path:
    path = get_settings().APP_DATA_DIR / "secrets"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def get_secret(name: str, nbytes: int = 32) -> str:
    """Return the named secret, creating it (random, mode 0600) the first time."""
    path = secret_dir() / name
    if not path.exists():
        value = secrets.token_urlsafe(nbytes)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another thread created it first: use theirs
            return path.read_text().strip()
        with os.fdopen(fd, "w") as out:
            out.write(value)
    return path.read_text().strip()
