"""A log import handed to the running app (audience/app_import.py): the endpoint's checks, its
streamed answer, the published address, and the CLI when nobody answers."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from audience import app_import, cli, logfile, logs
from config.secrets import get_secret
from tests.conftest import PROJECT_ROOT, free_port
from tests.unit.audience.helpers import CHROME, GOOGLEBOT, call
from web import log_import

YESTERDAY = (datetime.now(UTC) - timedelta(days=1)).strftime("%d/%b/%Y:10:%M:00 +0000")


def log_lines() -> bytes:
    lines = [f'203.0.113.{i} - - [{YESTERDAY}] "GET /tarifs HTTP/1.1" 200 512 "-" "{CHROME}"' for i in range(3)]
    lines += [f'203.0.113.9 - - [{YESTERDAY}] "GET /style.css HTTP/1.1" 200 512 "-" "{CHROME}"',
              f'198.51.100.4 - - [{YESTERDAY}] "GET / HTTP/1.1" 200 512 "-" "{GOOGLEBOT}"', "junk"]
    return ("\n".join(lines) + "\n").encode()


def send(body: bytes, *, site: str = "shop", token: str | None = None, client: str = "127.0.0.1",
         length: bool = True, check: bool = False):
    headers = {"Authorization": "Bearer " + (token if token is not None else get_secret(app_import.TOKEN_SECRET))}
    if length:
        headers["Content-Length"] = str(len(body))
    query = f"site={site}" + ("&check=1" if check else "")
    return call(log_import.import_endpoint, path="/api/import-log", query=query, body=body, headers=headers,
                client=client, chunks=3)


def test_the_app_imports_the_body_and_streams_progress_then_the_summary(db, site):
    answer = send(log_lines())
    assert answer.status == 200 and answer.headers["content-type"] == "application/x-ndjson"
    assert [json.loads(line) for line in answer.body.splitlines()] == [
        {"format": "combined"}, {"done": 6, "total": 6},
        {"summary": {"lines_read": 6, "events_stored": 3, "aggregated_only": 0,
                     "dropped": {"bot": 1, "static_asset": 1, "unparseable": 1}}}]
    again = send(gzip.compress(log_lines()))  # the same content, gzipped: recognised, nothing added
    assert json.loads(again.body.splitlines()[-1]) == {
        "summary": {"lines_read": 6, "events_stored": 0, "aggregated_only": 0, "dropped": {"already_imported": 6}}}
    assert db.query_one("SELECT count(*) FROM audience.events") == (3,)


@pytest.mark.parametrize(("kwargs", "status", "code"), [
    ({"client": "203.0.113.5"}, 403, "not_loopback"),
    ({"client": "::ffff:10.0.0.1"}, 403, "not_loopback"),
    ({"token": "guess"}, 401, "token_refused"),
    ({"token": ""}, 401, "token_refused"),
    ({"site": "nope"}, 404, "unknown_site"),
    ({"site": "app"}, 404, "unknown_site"),
    ({"length": False}, 411, "length_required"),
])
def test_refusals_come_before_the_body_is_read(db, site, kwargs, status, code):
    answer = send(log_lines(), **kwargs)
    assert (answer.status, json.loads(answer.body)) == (status, {"error": code})
    assert db.query_one("SELECT count(*) FROM audience.events") == (0,)


def test_the_cli_can_ask_first_without_sending_the_file(db, site):
    assert send(b"", check=True).status == 204
    assert send(b"", check=True, site="nope").status == 404
    assert send(b"", check=True, token="guess").status == 401
    assert db.query_one("SELECT count(*) FROM audience.log_imports") == (0,)


def test_a_body_over_the_limit_and_a_gzip_bomb_are_refused(db, site, monkeypatch):
    monkeypatch.setattr(logfile, "MAX_LOG_BYTES", 200)
    assert send(log_lines()).status == 413  # declared length
    bomb = send(gzip.compress(b"x" * 10_000))  # small on the wire, too large once decompressed
    assert bomb.status == 200 and json.loads(bomb.body.splitlines()[-1]) == {"error": "too_large", "values": {}}


@pytest.mark.parametrize(("bind", "url"), [
    (None, "http://127.0.0.1:8502"), ("0.0.0.0", "http://127.0.0.1:8502"), ("::", "http://[::1]:8502"),  # noqa: S104
    ("127.0.0.1", "http://127.0.0.1:8502"), ("localhost", "http://127.0.0.1:8502"),
])
def test_the_published_address_is_a_loopback_one(db, bind, url):
    app_import.publish_address(8502, bind)
    assert app_import.running_app_url() == url
    app_import.withdraw_address()
    assert app_import.running_app_url() is None


def test_cli_with_the_database_held_and_nobody_answering_exits_2(db, site, tmp_path):
    path = tmp_path / "a.log"
    path.write_bytes(log_lines())
    app_import.publish_address(free_port(), None)  # a stale address: the app crashed
    env = {"APP_DATA_DIR": str(db.data_dir), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "audience", "import-log", str(path), "--site", site],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "no running app answers" in done.stderr and "Traceback" not in done.stderr


def test_a_failed_import_is_logged_by_its_type_only_and_stores_nothing(db, site, monkeypatch, caplog, capsys,
                                                                        tmp_path):
    def broken(*args, **kwargs):
        raise ValueError('could not read "203.0.113.99 - - [...]"')  # messages may quote a line

    monkeypatch.setattr(logs, "write_events", broken)
    answer = send(log_lines())  # through the app
    assert json.loads(answer.body.splitlines()[-1]) == {"error": "failed"}
    path = tmp_path / "a.log"
    path.write_bytes(log_lines())
    assert cli.main(["import-log", str(path), "--site", site]) == 2  # directly
    assert "the import failed (ValueError); nothing was stored" in capsys.readouterr().err
    with pytest.raises(logs.ImportFailedError) as failed:  # the staff page's call
        logs.import_bytes(log_lines(), site)
    assert failed.value.__cause__ is None and failed.value.__suppress_context__
    assert caplog.text.count("log import failed (ValueError)") == 3 and "203.0.113.99" not in caplog.text
    assert db.query_one("SELECT count(*) FROM audience.log_imports") == (0,)
