"""Demo audience for `make run`: two months of a small company site, through the real pipeline.

Visits are generated (seeded random, so every fresh install shows the same picture) and go through
the same Buffer as /api/collect: bots are dropped, IPs anonymised, visitors keyed, aggregates built.
"""
from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from audience import sites, store_sites
from audience.buffer import Buffer
from audience.config import load_config
from storage import get_db

DEMO_SITE, DEMO_HOST = "vitrine", "www.exemple-pme.fr"
DAYS = 60
PARIS = ZoneInfo("Europe/Paris")
PAGES = ("/", "/offres", "/tarifs", "/blog/creer-son-entreprise", "/blog/lire-son-bilan", "/contact", "/a-propos")
REFERRERS = (None, None, None, "https://www.google.fr/", "https://www.google.fr/", "https://www.bing.com/",
             "https://www.linkedin.com/", "https://chatgpt.com/", "https://www.lesechos.fr/article")
CAMPAIGNS = ("", "", "", "", "?utm_source=newsletter&utm_medium=email&utm_campaign=novembre",
             "?gclid=demo123")
AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
    "Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
    "Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile "
    "Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
)
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
LANGS = ("fr-FR", "fr-FR", "fr-FR", "en-GB", "de-DE")


def _visit(rng: random.Random, day: date) -> list[dict]:
    ip = f"198.51.{rng.randrange(100, 120)}.{rng.randrange(1, 255)}"  # documentation range (RFC 5737)
    agent, lang = rng.choice(AGENTS), rng.choice(LANGS)
    start = datetime.combine(day, time(rng.randrange(7, 23), rng.randrange(60)), tzinfo=PARIS).astimezone(UTC)
    referrer, query = rng.choice(REFERRERS), rng.choice(CAMPAIGNS)
    rows = []
    for i in range(1 if rng.random() < 0.45 else rng.randrange(2, 6)):
        path = (rng.choice(PAGES) if i else rng.choice(PAGES[:4])) + (query if i == 0 else "")
        rows.append({"site": DEMO_SITE, "origin": "js", "ts": start + timedelta(seconds=rng.randrange(20, 180) * i),
                     "ip": ip, "user_agent": agent, "url": f"https://{DEMO_HOST}{path}",
                     "referrer": referrer if i == 0 else f"https://{DEMO_HOST}/", "accept_language": lang,
                     "gpc": False, "dnt": False, "consent": None, "status": None, "method": None})
    return rows


def seed_demo_audience(days: int | None = None) -> int:
    """Create the demo site with `days` (default DAYS) of visits, unless it exists. Returns the events stored."""
    days = DAYS if days is None else days
    db = get_db()
    if store_sites.site_exists(DEMO_SITE):
        return 0
    store_sites.add_site(DEMO_SITE, [DEMO_HOST])
    sites.invalidate_cache()
    rng = random.Random(2026)  # noqa: S311 (demo data, not security)
    today = datetime.now(PARIS).date()
    stored = 0
    for back in range(days, -1, -1):
        day = today - timedelta(days=back)
        rows = [r for _ in range(int(rng.gauss(90, 20)) + (30 if day.weekday() < 5 else 0)) for r in _visit(rng, day)]
        rows += [{**rows[0], "user_agent": BOT, "ip": "66.249.66.1"} for _ in range(rng.randrange(5, 15))]
        end_of_day = datetime.combine(day, time(23, 59), tzinfo=PARIS).astimezone(UTC)
        buffer = Buffer(db, load_config(), clock=lambda end=end_of_day: min(end, datetime.now(UTC)))
        for row in rows:
            if row["ts"] <= datetime.now(UTC):
                buffer.add(row)
        stored += buffer.flush(force=True)
    return stored
