"""A small audience with known figures, written through the ingestion Buffer (their real code).

Days are relative to today (local time) so the raw events stay within their retention whatever
the date the tests run. Expected figures are worked out by hand in test_queries.py.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from audience.buffer import Buffer
from audience.config import load_config
from audience.keys import KeyStore

PARIS = ZoneInfo("Europe/Paris")
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/120.0.0.0 Safari/537.36")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.0 Mobile/15E148 Safari/604.1")
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
SITE = "shop"


def today() -> date:
    return datetime.now(PARIS).date()


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=PARIS).astimezone(UTC)


def hit(ts: datetime, path: str, ip: str, ua: str = CHROME, lang: str = "fr-FR", ref: str | None = None) -> dict:
    return {"site": SITE, "origin": "js", "ts": ts, "ip": ip, "user_agent": ua,
            "url": "https://www.shop.fr" + path, "referrer": ref, "accept_language": lang,
            "gpc": False, "dnt": False, "consent": None, "status": None, "method": None}


def flush(db, rows: list[dict], now: datetime) -> int:
    buf = Buffer(db, load_config(), keys=KeyStore(db.data_dir / "keys", keep_hours=48, timezone="Europe/Paris"),
                 clock=lambda: now)
    for row in rows:
        assert buf.add(row)
    return buf.flush()


def register_site(db) -> None:
    from audience import sites

    db.execute("INSERT INTO audience_sites (name, hosts) VALUES ('shop', ['www.shop.fr', 'shop.fr'])")
    sites.invalidate_cache()


def seed_known(db) -> dict[str, date]:
    """D = today-3 (A, B, C + a bot), D2 = today-2 (A again), D-1 (one visitor), D-365 (one visit)."""
    register_site(db)
    d = today() - timedelta(days=3)
    d2, before, last_year = d + timedelta(days=1), d - timedelta(days=1), d - timedelta(days=364)
    # last year's day: ingested "at the time" (its raw events have expired since, its aggregates not)
    flush(db, [hit(at(last_year, 9), "/", "198.51.100.9"), hit(at(last_year, 9, 2), "/tarifs", "198.51.100.9")],
          now=at(last_year, 23))
    rows = [
        # A: from Google, 3 pages, 300 s
        hit(at(d, 10), "/", "203.0.113.1", ref="https://www.google.fr/"),
        hit(at(d, 10, 1), "/tarifs", "203.0.113.1", ref="https://www.shop.fr/"),
        hit(at(d, 10, 5), "/contact", "203.0.113.1", ref="https://www.shop.fr/tarifs"),
        # B (iPhone, English): newsletter bounce, then a direct bounce an hour later
        hit(at(d, 11), "/tarifs?utm_source=newsletter&utm_medium=email&utm_campaign=nov", "203.0.113.2",
            ua=IPHONE, lang="en-GB"),
        hit(at(d, 12), "/", "203.0.113.2", ua=IPHONE, lang="en-GB"),
        # C: direct, 2 pages, 120 s
        hit(at(d, 15), "/", "203.0.113.3"),
        hit(at(d, 15, 2), "/tarifs", "203.0.113.3", ref="https://www.shop.fr/"),
        # a crawler: dropped
        hit(at(d, 16), "/", "66.249.66.1", ua=GOOGLEBOT),
        # D2: A again (a new daily key: a new visitor), bounce
        hit(at(d2, 9), "/", "203.0.113.1"),
        # the day before D: one visit
        hit(at(before, 9), "/", "203.0.113.4"),
    ]
    flush(db, rows, now=datetime.now(UTC))
    return {"d": d, "d2": d2, "before": before, "last_year": last_year}
