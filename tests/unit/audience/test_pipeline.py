"""Each pipeline step: what it keeps, what it drops and why (table-driven)."""
from datetime import timedelta

import pyarrow as pa
import pytest

from audience import pipeline
from audience.event import CODED_EVENT_SCHEMA, Drop
from audience.keys import KeyStore
from tests.unit.audience.helpers import CHROME, GOOGLEBOT, IPHONE, NOW, batch, make_config, raw

HOSTS = {"shop": frozenset({"www.shop.fr", "shop.fr"}), "app": frozenset({"localhost"})}


def run(rows, now=NOW, **settings):
    config = make_config(**settings)
    ctx = pipeline.Context(config, KeyStore(_tmp_keys(), keep_hours=48, timezone=config.settings.timezone),
                           now, site_hosts=HOSTS)
    return pipeline.run(batch(*rows), ctx)


def _tmp_keys():
    import tempfile
    from pathlib import Path
    return Path(tempfile.mkdtemp()) / "keys"


@pytest.mark.parametrize(("overrides", "settings", "reason"), [
    ({"gpc": True}, {}, Drop.GPC),
    ({"dnt": True}, {}, Drop.DNT),
    ({"user_agent": GOOGLEBOT}, {}, Drop.BOT),
    ({"user_agent": ""}, {}, Drop.BOT),
    ({"user_agent": "curl/8.5.0"}, {}, Drop.BOT),
    ({"user_agent": "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120.0 Safari/537.36"}, {}, Drop.BOT),
    ({"ip": "10.1.2.3"}, {"excluded_ip_ranges": ("10.0.0.0/8",)}, Drop.EXCLUDED_IP),
    ({"ip": "2001:db8:aa::5"}, {"excluded_ip_ranges": ("2001:db8:aa::/48",)}, Drop.EXCLUDED_IP),
    ({"ip": "::ffff:10.1.2.3"}, {"excluded_ip_ranges": ("10.0.0.0/8",)}, Drop.EXCLUDED_IP),
    ({"ts": NOW - timedelta(days=500)}, {}, Drop.EXPIRED),
    ({"ts": NOW + timedelta(hours=1)}, {}, Drop.FUTURE),
    ({"origin": "app", "site": "app", "consent": None}, {}, Drop.NO_CONSENT),
    ({"origin": "app", "site": "app", "consent": "denied"}, {}, Drop.NO_CONSENT),
    ({"origin": "app", "site": "app", "consent": "optout"}, {"consent_exempt": True}, Drop.OPTED_OUT),
    ({"origin": "app", "site": "app", "consent": "denied"}, {"consent_exempt": True}, Drop.OPTED_OUT),
    ({"origin": "app", "site": "app", "consent": "granted", "gpc": True}, {"consent_exempt": True}, Drop.GPC),
    ({"origin": "log", "method": "POST", "status": 200, "url": "/contact"}, {}, Drop.NOT_PAGE),
    ({"origin": "log", "method": "GET", "status": 404, "url": "/nope"}, {}, Drop.HTTP_ERROR),
    ({"origin": "log", "method": "GET", "status": 500, "url": "/"}, {}, Drop.HTTP_ERROR),
    ({"origin": "log", "method": "GET", "status": 301, "url": "/old"}, {}, Drop.REDIRECT),
    ({"origin": "log", "method": "GET", "status": 200, "url": "/style.css?v=3"}, {}, Drop.STATIC_ASSET),
    ({"origin": "log", "method": "GET", "status": 200, "url": "/img/logo.PNG"}, {}, Drop.STATIC_ASSET),
    ({"origin": "log", "method": "GET", "status": 200, "url": "/robots.txt"}, {}, Drop.NOT_PAGE),
    ({"origin": "log", "method": "GET", "status": 200, "url": "/wp-json/wp/v2/posts"}, {}, Drop.NOT_PAGE),
])
def test_drops(overrides, settings, reason):
    events, drops = run([raw(**overrides)], **settings)
    assert events.num_rows == 0
    assert drops == {reason: 1}


@pytest.mark.parametrize(("overrides", "settings"), [
    ({}, {}),
    ({"ip": "10.1.2.3"}, {"excluded_ip_ranges": ("192.168.0.0/16", "2001:db8::/32")}),
    ({"origin": "app", "site": "app", "consent": "granted", "url": "/analysis"}, {}),
    ({"origin": "app", "site": "app", "consent": None, "url": "/analysis"}, {"consent_exempt": True}),
    ({"origin": "log", "method": "GET", "status": 304, "url": "/tarifs"}, {}),
    ({"origin": "log", "method": "GET", "status": 200, "url": "/blog/2026/03/article-v1.2"}, {}),
    ({"ts": NOW - timedelta(days=390)}, {}),
    ({"ip": None}, {}),
    ({"ip": "garbage"}, {}),
])
def test_kept(overrides, settings):
    events, drops = run([raw(**overrides)], **settings)
    assert events.num_rows == 1 and not drops
    assert events.schema == CODED_EVENT_SCHEMA


def test_enrichment_and_anonymisation():
    events, _ = run([raw(ip="203.0.113.77", user_agent=IPHONE, url="https://www.shop.fr/p?utm_campaign=nov&x=1",
                         referrer="https://www.google.fr/", accept_language="en-GB,en")])
    row = events.to_pylist()[0]
    assert row["ip_prefix"] == "203.0.0.0" and "ip" not in events.column_names
    assert (row["browser"], row["os"], row["device"]) == ("Mobile Safari", "iOS", "mobile")
    assert (row["path"], row["utm_campaign"], row["channel"], row["source"]) == ("/p", "nov", "organic_search",
                                                                                "Google")
    assert row["language"] == "en" and row["referrer_host"] == "google.fr"
    assert row["day"].isoformat() == "2026-03-10"


def test_ipv6_prefix_setting():
    events, _ = run([raw(ip="2001:db8:abcd:1234::9")], ipv6_prefix_length=32)
    assert events["ip_prefix"].to_pylist() == ["2001:db8::"]


def test_internal_referrers_are_ignored():
    events, _ = run([raw(referrer="https://shop.fr/tarifs"), raw(referrer="https://www.shop.fr/a")])
    assert events["referrer_host"].to_pylist() == ["", ""]
    assert events["channel"].to_pylist() == ["direct", "direct"]


def test_same_visitor_same_day_different_days_differ():
    rows = [raw(), raw(ts=NOW + timedelta(minutes=1)), raw(ts=NOW - timedelta(days=1)),
            raw(ip="203.0.113.8"), raw(site="blog", url="https://blog.shop.fr/")]
    events, _ = run(rows)
    ids = events["visitor_id"].to_pylist()
    assert ids[0] == ids[1]
    assert len({ids[0], ids[2], ids[3], ids[4]}) == 4


def test_hostile_values_are_stored_as_text_or_dropped_never_crash():
    rows = [raw(url="/<script>alert(1)</script>", referrer="javascript:alert(1)", user_agent="\x00\x01\x02",
                accept_language="'; DROP TABLE events; --"),
            raw(url="https://www.shop.fr/" + "é" * 3000, referrer="http://[::1", ip="1.2.3.4.5"),
            raw(user_agent="Mozilla/5.0 " + "A" * 10000)]
    events, drops = run(rows)
    assert events.num_rows + sum(drops.values()) == 3
    for path in events["path"].to_pylist():
        assert len(path) <= 512


def test_steps_are_named_and_a_drop_stops_the_event_early():
    names = [name for name, _ in pipeline.STEPS]
    assert names.index("anonymise") > names.index("visitor") > names.index("excluded_ip")
    assert names[-1] == "source"
    events, drops = run([raw(gpc=True, user_agent=GOOGLEBOT)])
    assert drops == {Drop.GPC: 1}  # counted once, under the first reason


def test_a_large_mixed_batch_counts_add_up():
    rows = []
    for i in range(3000):
        rows.append(raw(ip=f"198.51.{i % 200}.{i % 250}", user_agent=[CHROME, IPHONE, GOOGLEBOT][i % 3],
                        ts=NOW - timedelta(seconds=i), gpc=(i % 10 == 0)))
    events, drops = run(rows)
    assert events.num_rows + sum(drops.values()) == 3000
    assert drops[Drop.GPC] == 300
    assert isinstance(events, pa.Table)


def test_visitor_ids_are_the_same_on_the_wide_fallback_path(monkeypatch):
    rows = [raw(ip=f"198.51.100.{i % 7}", user_agent=[CHROME, IPHONE][i % 2], ts=NOW - timedelta(hours=i % 30))
            for i in range(200)]
    config = make_config()
    keys = KeyStore(_tmp_keys(), keep_hours=48, timezone=config.settings.timezone)
    ctx = pipeline.Context(config, keys, NOW, site_hosts=HOSTS)
    fast, _ = pipeline.run(batch(*rows), ctx)
    from audience import grouping

    monkeypatch.setattr(grouping, "_KEY_LIMIT", 4)  # every combined key renumbered as it grows
    wide, _ = pipeline.run(batch(*rows), ctx)
    assert fast["visitor_id"].to_pylist() == wide["visitor_id"].to_pylist()
    # same (ip, ua, day) -> same id; different -> different
    combos = {(r["ip"], r["user_agent"], (r["ts"].astimezone(config.tz)).date()) for r in rows}
    assert len(set(fast["visitor_id"].to_pylist())) == len(combos)
