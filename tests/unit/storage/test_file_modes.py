"""File modes of the data directory (issue 15: data/ 0775, data/secrets/ 0755, DuckDB files 0644):
private to the app's user, for a new install and for one an earlier version left readable."""
import os
import stat
from datetime import UTC, datetime

import pytest

from audience.buffer import default_keys
from audience.config import load_config
from config.secrets import get_secret
from storage import Database


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def loose_umask():
    old = os.umask(0o002)  # a typical desktop umask: group-writable, world-readable
    yield
    os.umask(old)


def everything_under(data_dir):
    for root, dirs, files in os.walk(data_dir):
        for name in dirs:
            yield os.path.join(root, name), 0o700
        for name in files:
            yield os.path.join(root, name), 0o600


def test_a_new_install_is_private(tmp_path, loose_umask):
    data_dir = tmp_path / "data"
    db = Database(data_dir)
    try:
        db.execute("INSERT INTO login_failures (user_id) VALUES (uuid())")  # a WAL appears
        get_secret("cookie_key")
        default_keys(db, load_config()).key_for(datetime.now(UTC).date(), datetime.now(UTC))
        assert mode(data_dir) == 0o700
        assert mode(data_dir / "secrets") == 0o700
        assert mode(data_dir / "app.duckdb") == 0o600 and mode(data_dir / "audience.duckdb") == 0o600
        assert mode(data_dir / "secrets" / "cookie_key") == 0o600
        found = dict(everything_under(data_dir))
        assert {p: oct(mode(p)) for p, want in found.items() if mode(p) != want} == {}
    finally:
        db.close()


def test_an_existing_install_is_fixed_at_start(tmp_path, loose_umask):
    data_dir = tmp_path / "data"
    Database(data_dir).close()
    (data_dir / "secrets").mkdir(mode=0o755)
    (data_dir / "secrets" / "cookie_key").write_text("x")
    (data_dir / "backups" / "old").mkdir(parents=True)
    (data_dir / "backups" / "old" / "app.duckdb").write_bytes(b"rows")
    for path, _ in everything_under(data_dir):
        os.chmod(path, 0o755 if os.path.isdir(path) else 0o644)
    os.chmod(data_dir, 0o775)
    Database(data_dir).close()
    assert mode(data_dir) == 0o700
    assert {p: oct(mode(p)) for p, want in everything_under(data_dir) if mode(p) != want} == {}
