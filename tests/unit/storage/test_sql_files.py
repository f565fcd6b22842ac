"""Query files and their per-engine variants (storage/queries.py), the store chosen by settings, and the
one interface (storage/store.py) that every store implements."""
from __future__ import annotations

import inspect
from typing import Generic, Protocol

import pytest

from config import settings
from storage import Database, get_audience_db, get_db, load_sql, reset_db
from storage.clickhouse import ClickHouseDatabase
from storage.postgres import PostgresDatabase
from storage.queries import DIALECTS, QUERY_DIR
from storage.store import AppStore, Store


def test_a_variant_is_read_on_its_engine_and_the_common_file_elsewhere():
    common = (QUERY_DIR / "audience_stats" / "sites.sql").read_text(encoding="utf-8")
    variant = (QUERY_DIR / "audience_stats" / "sites.clickhouse.sql").read_text(encoding="utf-8")
    assert load_sql("audience_stats/sites") == common == load_sql("audience_stats/sites", "duckdb")
    assert load_sql("audience_stats/sites", "postgresql") == common  # no PostgreSQL variant: the common file
    assert load_sql("audience_stats/sites", "clickhouse") == variant != common


def test_unknown_dialects_and_names_outside_the_folder_are_refused():
    with pytest.raises(ValueError, match="dialect"):
        load_sql("audience_stats/sites", "sqlite")
    with pytest.raises(ValueError, match="outside"):
        load_sql("../db")


def test_every_variant_stands_beside_a_common_file():
    for path in QUERY_DIR.rglob("*.sql"):
        stem, _, suffix = path.name[:-len(".sql")].rpartition(".")
        if stem and suffix in DIALECTS:
            assert path.with_name(f"{stem}.sql").exists(), f"{path} has no common file beside it"
        else:
            assert "." not in path.name[:-len(".sql")], f"{path}: the suffix names no engine of {DIALECTS}"


@pytest.mark.parametrize(("setting", "url", "opens"), [
    ("APP_DATABASE_URL", "mysql://localhost/app", get_db),
    ("APP_DATABASE_URL", "clickhouse://localhost/app", get_db),      # the app store is PostgreSQL's
    ("AUDIENCE_DATABASE_URL", "postgresql://localhost/db", get_audience_db),  # the audience one ClickHouse's
])
def test_a_database_url_of_the_wrong_kind_is_a_clear_error(monkeypatch, setting, url, opens):
    reset_db()
    monkeypatch.setenv(setting, url)
    settings.reload_settings()
    with pytest.raises(ValueError, match=f"{setting} must start with .* \\(got {url.split(':')[0]}:\\)"):
        opens()


def _members(protocol: type) -> dict[str, inspect.Signature | None]:
    """Name -> signature of the protocol's methods (None for its attributes), its bases' included."""
    bases = [klass for klass in protocol.__mro__ if klass not in (object, Protocol, Generic)]
    methods = {n for klass in bases for n, v in vars(klass).items() if callable(v) and not n.startswith("_")}
    attributes = {n for klass in bases for n in vars(klass).get("__annotations__", {})}
    return {n: inspect.signature(getattr(protocol, n)) for n in methods} | dict.fromkeys(attributes)


@pytest.mark.parametrize(("implementation", "protocol"), [
    (Database, AppStore), (PostgresDatabase, AppStore), (ClickHouseDatabase, Store)])
def test_every_store_has_the_interface_with_its_parameters(implementation, protocol):
    for name, signature in _members(protocol).items():
        assert hasattr(implementation, name), f"{implementation.__name__} has no {name}"
        if signature is not None:
            mine = inspect.signature(getattr(implementation, name))
            assert list(mine.parameters)[:len(signature.parameters)] == list(signature.parameters), name
