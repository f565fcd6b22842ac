"""/api/collect and /api/metrics: fast 202, cheap rejections, CORS limited to configured sites."""
import json

import pytest

from audience import metrics
from audience.app_views import record_app_pageview
from audience.buffer import get_buffer
from tests.unit.audience.helpers import CHROME, beacon, call
from web import collect as http

ORIGIN = {"Origin": "https://www.shop.fr", "User-Agent": CHROME, "Content-Type": "text/plain;charset=UTF-8"}


def dropped(reason: str) -> float:
    return metrics.snapshot().get(f"audience_events_dropped_total{{reason={reason}}}", 0.0)


def test_a_valid_beacon_is_accepted_and_stored(db, site):
    res = call(http.collect, body=beacon(r="https://www.google.fr/", l="fr-FR"), headers=ORIGIN)
    assert res.status == 202
    assert res.headers["access-control-allow-origin"] == "https://www.shop.fr"
    assert get_buffer().flush() == 1
    row = db.query_one("SELECT path, channel, ip_prefix, language FROM audience.events")
    assert row == ("/tarifs", "organic_search", "198.51.0.0", "fr")


@pytest.mark.parametrize(("body", "headers", "status", "reason"), [
    (b"x" * 5000, ORIGIN, 413, "oversized"),
    (b"{" * 3000, ORIGIN, 413, "oversized"),
    (b"not json", ORIGIN, 400, "invalid"),
    (b"\xff\xfe\x00\x01binary", ORIGIN, 400, "invalid"),
    (b"[1, 2, 3]", ORIGIN, 400, "invalid"),
    (b'"just a string"', ORIGIN, 400, "invalid"),
    (b'{"s": "shop"}', ORIGIN, 400, "invalid"),
    (b'{"s": "shop", "u": 42}', ORIGIN, 400, "invalid"),
    (b'{"s": "shop", "u": "https://www.shop.fr/", "r": {"a": 1}}', ORIGIN, 400, "invalid"),
    (b"[" * 1000 + b"]" * 1000, ORIGIN, 400, "invalid"),
    (beacon(site="other"), ORIGIN, 404, "unknown_site"),
    (beacon(site="app", url="http://localhost:8501/"), {**ORIGIN, "Origin": "http://localhost:8501"}, 404,
     "unknown_site"),
    (beacon(), {**ORIGIN, "Origin": "https://evil.example"}, 403, "forbidden_origin"),
    (beacon(), {k: v for k, v in ORIGIN.items() if k != "Origin"}, 403, "forbidden_origin"),
    (beacon(url="https://evil.example/"), ORIGIN, 403, "forbidden_origin"),
    (beacon(url="javascript:alert(1)"), ORIGIN, 403, "forbidden_origin"),
])
def test_bad_requests_are_rejected_and_counted(db, site, body, headers, status, reason):
    before = dropped(reason)
    res = call(http.collect, body=body, headers=headers)
    assert res.status == status
    assert "access-control-allow-origin" not in res.headers
    assert dropped(reason) == before + 1
    assert get_buffer().depth() == 0


def test_a_body_larger_than_declared_is_cut_off(db, site):
    headers = {**ORIGIN, "Content-Length": "10"}
    res = call(http.collect, body=b"y" * 100_000, headers=headers, chunks=50)
    assert res.status == 413


def test_script_tags_are_stored_as_inert_text(db, site):
    body = json.dumps({"s": "shop", "u": "https://www.shop.fr/<script>alert(1)</script>",
                       "r": "https://evil.example/<img onerror=x>", "l": "<b>"}).encode()
    assert call(http.collect, body=body, headers=ORIGIN).status == 202
    get_buffer().flush()
    path, ref, lang = db.query_one("SELECT path, referrer_host, language FROM audience.events")
    assert path == "/<script>alert(1)</script>" and ref == "evil.example" and lang == ""


@pytest.mark.parametrize(("header", "value"), [("Sec-GPC", "1"), ("DNT", "1")])
def test_privacy_signals_are_honoured(db, site, header, value):
    assert call(http.collect, body=beacon(), headers={**ORIGIN, header: value}).status == 202
    assert get_buffer().flush() == 0


def test_preflight(db, site):
    ok = call(http.collect, method="OPTIONS", headers={"Origin": "https://shop.fr"})
    assert ok.status == 204 and ok.headers["access-control-allow-origin"] == "https://shop.fr"
    assert call(http.collect, method="OPTIONS", headers={"Origin": "https://evil.example"}).status == 403


def test_a_full_buffer_answers_503(db, site):
    import dataclasses

    buf = get_buffer()
    buf.config = dataclasses.replace(buf.config, settings=dataclasses.replace(buf.config.settings,
                                                                              max_buffer_events=0))
    assert call(http.collect, body=beacon(), headers=ORIGIN).status == 503


def test_metrics_need_the_token(db, site):
    from config.secrets import get_secret

    call(http.collect, body=beacon(), headers=ORIGIN)
    assert call(http.metrics, method="GET", path="/api/metrics").status == 401
    assert call(http.metrics, method="GET", path="/api/metrics",
                headers={"Authorization": "Bearer wrong"}).status == 401
    res = call(http.metrics, method="GET", path="/api/metrics",
               headers={"Authorization": "Bearer " + get_secret("metrics_token")})
    assert res.status == 200 and res.headers["content-type"].startswith("text/plain")
    text = res.body.decode()
    for name in ("audience_events_stored_total", "audience_events_dropped_total", "audience_buffer_depth",
                 "audience_last_flush_timestamp_seconds", "audience_collect_accepted_total"):
        assert name in text
    assert "audience_buffer_depth 1.0" in text


@pytest.mark.parametrize(("consent", "gpc", "exempt", "stored"), [
    (True, False, False, 1), (False, False, False, 0), (True, True, False, 0),
])
def test_app_pageviews_follow_consent(db, consent, gpc, exempt, stored):
    record_app_pageview("/analysis?id=42", ip="203.0.113.5", user_agent=CHROME, accept_language="fr",
                        referrer=None, consent_granted=consent, gpc=gpc, dnt=False)
    assert get_buffer().flush() == stored
    if stored:
        assert db.query_one("SELECT site, origin, path FROM audience.events") == ("app", "app", "/analysis")


def test_lifespan_hooks_flush_on_shutdown(db, site):
    http.startup()
    assert call(http.collect, body=beacon(), headers=ORIGIN).status == 202
    http.shutdown()
    assert db.query_one("SELECT count(*) FROM audience.events") == (1,)
