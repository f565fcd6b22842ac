"""A lone surrogate among valid beacons, sent to a real server over real HTTP (issue 15: 10 valid + 1
poisoned gave 0 stored): the poisoned one is refused, the ten others are stored."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from storage import Database
from tests.conftest import free_port
from tests.e2e.conftest import start_server, stop_server
from tests.e2e.test_collect_behind_proxy import CHROME, _site

pytestmark = pytest.mark.e2e


def post(url: str, body: bytes) -> int:
    request = urllib.request.Request(url + "/api/collect", data=body, headers={
        "Origin": "https://www.shop.fr", "User-Agent": CHROME, "Content-Type": "text/plain"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_one_poisoned_beacon_does_not_cost_the_others(tmp_path):
    data_dir = tmp_path / "live"
    proc, url, _log = start_server(data_dir, free_port(), seed=_site)
    try:
        statuses = [post(url, json.dumps({"s": "shop", "u": f"https://www.shop.fr/p{i}"}).encode())
                    for i in range(5)]
        statuses.append(post(url, b'{"s": "shop", "u": "https://www.shop.fr/\\udfff"}'))
        statuses += [post(url, json.dumps({"s": "shop", "u": f"https://www.shop.fr/q{i}"}).encode())
                     for i in range(5)]
    finally:
        stop_server(proc)  # the graceful shutdown flushes the buffer
    assert statuses == [202] * 5 + [400] + [202] * 5
    database = Database(data_dir)
    try:
        assert database.query_one("SELECT count(*) FROM audience.events")[0] == 10
    finally:
        database.close()
