"""A real PostgreSQL cluster for the session (Debian's server package), a fresh database per test."""
from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path

import pytest

from tests import pgserver

_names = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster():
    if pgserver.server_bin() is None:
        pytest.skip("PostgreSQL's server is not installed (apt-get install postgresql, or `make pg`); "
                    ".ci/run installs it")
    where = Path(tempfile.mkdtemp(prefix="pilote-pg-"))  # under /tmp: open to `nobody` when we are root
    cluster = pgserver.start(where)
    yield cluster
    cluster.stop()
    shutil.rmtree(where, ignore_errors=True)


@pytest.fixture
def pg_url(pg_cluster):
    """The URL of an empty database of the session's cluster, dropped after the test."""
    import psycopg

    name = f"test_{next(_names)}"
    with psycopg.connect(pg_cluster.url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield pg_cluster.url_for(name)
    with psycopg.connect(pg_cluster.url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def pg_db(pg_url):
    from storage.postgres import PostgresDatabase

    database = PostgresDatabase(pg_url, max_size=4)
    yield database
    database.close()
