"""Hostile text in collected events: one poisoned event never costs the others (issue 15).

Through the real handler of /api/collect: ten valid beacons and one hostile one, then a flush."""
import json
from datetime import UTC, datetime

import pytest

from audience import buffer as buffer_module
from audience import channels, metrics
from audience.buffer import get_buffer
from tests.unit.audience.helpers import CHROME, beacon, call
from web import collect as http

ORIGIN = {"Origin": "https://www.shop.fr", "User-Agent": CHROME, "Content-Type": "text/plain;charset=UTF-8"}
INVISIBLE = ("\x00", "\x1b", "\u200e", "\u200f", "\u202e", "\u2066")


def counter(name: str) -> float:
    return metrics.snapshot().get(name, 0.0)


def send_valid(n: int = 10) -> None:
    for i in range(n):
        assert call(http.collect, body=beacon(url=f"https://www.shop.fr/page-{i}"), headers=ORIGIN,
                    client=f"198.51.100.{i + 1}").status == 202


HOSTILE = [  # (body, status: refused at the edge, or accepted and stored clean)
    (b'{"s": "shop", "u": "https://www.shop.fr/\\udfff"}', 400),             # lone low surrogate
    (b'{"s": "shop", "u": "https://www.shop.fr/\\ud83d"}', 400),             # lone high surrogate
    (b'{"s": "shop", "u": "https://www.shop.fr/", "r": "\\ud800x"}', 400),   # in the referrer
    (b'{"s": "shop", "u": "https://www.shop.fr/", "l": "\\udc80"}', 400),   # in the language
    (b'{"s": "shop", "u": "https://www.shop.fr/\xc0\xaf"}', 400),               # overlong UTF-8 bytes
    (b'{"s": "shop", "u": "https://www.shop.fr/\xed\xa0\x80"}', 400),           # surrogate as UTF-8 bytes
    (json.dumps({"s": "shop", "u": "https://www.shop.fr/a\x00b"}).encode(), 202),   # NUL
    (json.dumps({"s": "shop", "u": "https://www.shop.fr/\u202egnp.exe"}).encode(), 202),  # RTL override
    (json.dumps({"s": "shop", "u": "https://www.shop.fr/x\u200f\u200ey",
                 "r": "https://ref\u2066.example/\x1b[31m"}).encode(), 202),      # RTL/LTR marks, escape
    (json.dumps({"s": "shop", "u": "https://www.shop.fr/%C0%AF%00"}).encode(), 202),  # percent-encoded: text
    (beacon(url="https://www.shop.fr/" + "é" * 10_000), 413),                 # 10k characters
]


@pytest.mark.parametrize(("body", "status"), HOSTILE)
def test_one_hostile_event_among_ten_valid_ones(db, site, body, status):
    send_valid(5)
    assert call(http.collect, body=body, headers=ORIGIN, client="203.0.113.99").status == status
    send_valid(5)
    stored = get_buffer().flush()
    assert stored == (10 if status != 202 else 11)
    assert get_buffer().depth() == 0
    for (path,) in db.query("SELECT path FROM audience.events UNION ALL SELECT referrer_host FROM audience.events"):
        assert not any(c in path for c in INVISIBLE), repr(path)


def test_a_lone_surrogate_is_refused_with_a_counted_reason(db, site):
    before = counter("audience_events_dropped_total{reason=bad_text}")
    res = call(http.collect, body=b'{"s": "shop", "u": "https://www.shop.fr/\\udfff"}', headers=ORIGIN)
    assert res.status == 400
    assert counter("audience_events_dropped_total{reason=bad_text}") == before + 1


def test_an_unencodable_value_from_another_producer_does_not_fail_the_batch(db, site):
    send_valid()
    assert get_buffer().add({"site": "shop", "origin": "js", "ts": datetime.now(UTC), "ip": "203.0.113.5",
                             "user_agent": CHROME, "url": "https://www.shop.fr/\udfff"})
    before = counter("audience_events_dropped_total{reason=bad_text}")
    assert get_buffer().flush() == 10
    assert counter("audience_events_dropped_total{reason=bad_text}") == before + 1


def test_a_step_that_raises_keeps_the_batch_for_the_next_flush(db, site, monkeypatch):
    send_valid()
    failures = counter("audience_flush_failures_total")
    real = buffer_module.pipeline.run

    def broken(*args, **kwargs):
        raise RuntimeError("a step failed")

    monkeypatch.setattr(buffer_module.pipeline, "run", broken)
    get_buffer().flush_logged()
    assert get_buffer().depth() == 10  # nothing lost: "will retry" is true
    assert counter("audience_flush_failures_total") > failures
    monkeypatch.setattr(buffer_module.pipeline, "run", real)
    assert get_buffer().flush() == 10
    assert db.query_one("SELECT count(*) FROM audience.events")[0] == 10


def test_a_flush_whose_insert_raises_keeps_the_events(db, site, monkeypatch):
    send_valid()
    failures = counter("audience_flush_failures_total")
    real = buffer_module.write_events

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(buffer_module, "write_events", broken)
    get_buffer().flush_logged()
    assert counter("audience_flush_failures_total") == failures + 1
    monkeypatch.setattr(buffer_module, "write_events", real)
    assert get_buffer().flush() == 10
    assert db.query_one("SELECT count(*) FROM audience.events")[0] == 10


def test_an_event_that_makes_a_step_raise_is_isolated_then_dropped(db, site, monkeypatch):
    real = channels.parse_page

    def fragile(url):
        if url and "poison" in url:
            raise ValueError("step bug")
        return real(url)

    monkeypatch.setattr(channels, "parse_page", fragile)
    dropped = counter("audience_events_dropped_total{reason=unprocessable}")
    send_valid(5)
    assert call(http.collect, body=beacon(url="https://www.shop.fr/poison"), headers=ORIGIN).status == 202
    send_valid(5)
    assert get_buffer().flush() == 10  # the others go on
    assert get_buffer().depth() == 1   # the poisoned one waits
    for _ in range(buffer_module.MAX_STRIKES - 1):
        send_valid(1)
        assert get_buffer().flush() == 1
    assert get_buffer().depth() == 0
    assert counter("audience_events_dropped_total{reason=unprocessable}") == dropped + 1
