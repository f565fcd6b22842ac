"""Data module of the configured sites (SQL in storage/queries/audience/site*.sql)."""
from __future__ import annotations

from storage import get_db, load_sql


def site_exists(name: str) -> bool:
    return bool(get_db().query_one(load_sql("audience/site_exists"), [name])[0])


def add_site(name: str, hosts: list[str], created_by: str | None = None) -> None:
    get_db().execute(load_sql("audience/site_add"), [name, hosts, created_by])


def set_hosts(name: str, hosts: list[str]) -> None:
    get_db().execute(load_sql("audience/site_hosts"), [hosts, name])


def drop_site(name: str) -> None:
    get_db().execute(load_sql("audience/site_drop"), [name])


def site_rows() -> list[tuple[str, list[str]]]:
    """(name, hosts) of every site, by name."""
    return get_db().query(load_sql("audience/sites"))
