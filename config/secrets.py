"""Secrets generated on first run and kept under the data directory, never in git."""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from config.settings import get_settings


def secret_dir() -> Path:
    path = get_settings().APP_DATA_DIR / "secrets"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # parents=True alone would make it 0755
    path.mkdir(exist_ok=True, mode=0o700)
    return path


def get_secret(name: str, nbytes: int = 32) -> str:
    """Return the named secret, creating it (random, mode 0600) the first time."""
    path = secret_dir() / name
    if not path.exists():
        # Written whole to a private temp file, then linked into place: a concurrent reader never sees
        # an empty or partial secret, and the first writer wins.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.")
        try:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(nbytes))
            os.link(tmp, path)
        except FileExistsError:
            pass  # another thread or process created it first: use theirs
        finally:
            os.unlink(tmp)
    return path.read_text().strip()
