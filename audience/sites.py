"""Configured sites: the only ones whose events are accepted. Staff manage them.

Management functions take the acting user and check the role themselves. The collector reads
an in-memory copy (`hosts_by_site`), refreshed after every change and every few seconds.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from importlib.resources import files
from urllib.parse import urlsplit

from accounts import User, require
from audience import store_sites as store
from config.settings import get_settings

APP_SITE = "app"  # the app's own pages (app_views), always configured
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*"
                  r"(:\d{1,5})?$")
REFRESH_SECONDS = 10.0


class SiteError(ValueError):
    """Invalid name or host; `.key` is an i18n message key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Site:
    name: str
    hosts: tuple[str, ...]


def _clean_hosts(hosts: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for raw in hosts:
        host = raw.strip().lower().removeprefix("https://").removeprefix("http://").rstrip("/")
        if not host:
            continue
        if not HOST.match(host):
            raise SiteError("audience.sites.bad_host")
        out.append(host)
    if not out:
        raise SiteError("audience.sites.no_host")
    return tuple(dict.fromkeys(out))


def list_sites(actor: User | None) -> list[Site]:
    require(actor, "staff")
    return _load()


def add_site(actor: User | None, name: str, hosts: list[str]) -> Site:
    require(actor, "staff")
    name = name.strip().lower()
    if not NAME.match(name) or name == APP_SITE:
        raise SiteError("audience.sites.bad_name")
    clean = _clean_hosts(hosts)
    if store.site_exists(name):
        raise SiteError("audience.sites.exists")
    store.add_site(name, list(clean), actor.id)
    _cache.invalidate()
    return Site(name, clean)


def update_hosts(actor: User | None, name: str, hosts: list[str]) -> Site:
    require(actor, "staff")
    clean = _clean_hosts(hosts)
    store.set_hosts(name, list(clean))
    _cache.invalidate()
    return Site(name, clean)


def delete_site(actor: User | None, name: str) -> None:
    """Stop accepting the site's events (its statistics stay until they expire)."""
    require(actor, "staff")
    store.drop_site(name)
    _cache.invalidate()


def site_exists(name: str) -> bool:
    return store.site_exists(name)


def operator(language: str = "fr") -> User:
    """The server's operator (`python -m audience sites ...`, and the app's loopback route that takes
    the same commands with the import token): acts as staff; sites it adds have no creator."""
    return User(id=None, email="", first_name="", last_name="", company="", siren="", roles=("staff",),  # type: ignore[arg-type]
                language=language, confirmed=True, disabled=False)


def snippet(site: Site, base_url: str) -> str:
    """The <script> tag a WordPress site pastes in (under 1 KB, no cookie)."""
    js = files("audience").joinpath("snippet.js").read_text(encoding="utf-8").strip()
    endpoint = base_url.rstrip("/") + "/api/collect"
    js = js.replace("__ENDPOINT__", endpoint).replace("__SITE__", site.name)
    return f"<script>{js}</script>"


def _load() -> list[Site]:
    return [Site(name, tuple(hosts)) for name, hosts in store.site_rows()]


def _app_hosts() -> frozenset[str]:
    parts = urlsplit(get_settings().APP_BASE_URL)
    host = (parts.hostname or "localhost").lower()
    return frozenset({host, parts.netloc.lower()})


class _Cache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hosts: dict[str, frozenset[str]] = {}
        self._loaded = 0.0

    def invalidate(self) -> None:
        self._loaded = 0.0

    def get(self) -> dict[str, frozenset[str]]:
        if time.monotonic() - self._loaded > REFRESH_SECONDS:
            with self._lock:
                if time.monotonic() - self._loaded > REFRESH_SECONDS:
                    hosts = {s.name: frozenset(s.hosts) for s in _load()}
                    hosts[APP_SITE] = _app_hosts()
                    self._hosts = hosts
                    self._loaded = time.monotonic()
        return self._hosts


_cache = _Cache()


def hosts_by_site() -> dict[str, frozenset[str]]:
    """System use (collector, pipeline): configured site -> allowed hosts (with the app itself)."""
    return _cache.get()


def invalidate_cache() -> None:
    _cache.invalidate()
