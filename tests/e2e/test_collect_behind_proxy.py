"""Behind a reverse proxy the visitor's address comes from X-Forwarded-For, and only when the proxy is
trusted (uvicorn's FORWARDED_ALLOW_IPS, 127.0.0.1 by default): a real server, real HTTP requests, the
stored prefix read from the database files afterwards."""
from __future__ import annotations

import json
import urllib.request

import pytest

from storage import Database
from tests.conftest import free_port
from tests.e2e.conftest import start_server, stop_server

pytestmark = pytest.mark.e2e

CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/124.0 Safari/537.36")


def _site() -> None:
    from storage import get_db

    get_db().execute("INSERT INTO audience_sites (name, hosts) VALUES ('shop', ['www.shop.fr'])")


def _stored_prefixes(env: dict[str, str], forwarded_for: str, tmp_path) -> list[str]:
    data_dir = tmp_path / "live"
    proc, url, log_path = start_server(data_dir, free_port(), seed=_site, env=env)
    try:
        request = urllib.request.Request(
            url + "/api/collect", data=json.dumps({"s": "shop", "u": "https://www.shop.fr/tarifs"}).encode(),
            headers={"Origin": "https://www.shop.fr", "User-Agent": CHROME, "Content-Type": "text/plain",
                     "X-Forwarded-For": forwarded_for})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 202
    finally:
        stop_server(proc)  # the graceful shutdown flushes the buffer
    database = Database(data_dir)
    try:
        rows = database.query("SELECT ip_prefix FROM audience.events")
    finally:
        database.close()
    assert "203.0.113.77" not in log_path.read_text(errors="replace")
    return [prefix for (prefix,) in rows]


def test_a_trusted_proxy_gives_the_visitors_address(tmp_path):
    # nginx's $proxy_add_x_forwarded_for: what the client sent, then the address nginx saw; the last
    # address not of a trusted proxy is the visitor's, a forged first entry changes nothing.
    assert _stored_prefixes({}, "192.0.2.1, 203.0.113.77", tmp_path) == ["203.0.0.0"]


def test_an_untrusted_peer_cannot_choose_its_address(tmp_path):
    assert _stored_prefixes({"FORWARDED_ALLOW_IPS": "192.0.2.250"}, "203.0.113.77", tmp_path) == ["127.0.0.0"]
