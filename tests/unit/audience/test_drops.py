"""Dropped hits stored per site, local day and reason (audience.daily_drops), with exact counts."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from accounts import User
from audience import logs
from audience.buffer import Buffer
from audience.config import load_config
from audience.event import Drop
from audience.keys import KeyStore
from audience.stats import notes
from audience.stats.periods import Period
from audience.store import expire
from tests.unit.audience.helpers import CHROME, GOOGLEBOT, NOW, raw

D1, D2 = date(2026, 3, 8), date(2026, 3, 9)
STAFF = User(id="00000000-0000-0000-0000-000000000001", email="x@example.com", first_name="", last_name="",
             company="", siren="", roles=("user", "staff"), language="fr", confirmed=True, disabled=False)


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=UTC)  # 10:00 UTC = 11:00 in Paris


def drops(db) -> dict[tuple[str, date, str], int]:
    return {(s, d, r): n for s, d, r, n in db.query("SELECT site, day, reason, hits FROM audience.daily_drops")}


def make_buffer(db) -> Buffer:
    return Buffer(db, load_config(), keys=KeyStore(db.data_dir / "keys", keep_hours=48, timezone="Europe/Paris"),
                  clock=lambda: NOW)


def test_a_batch_stores_its_drops_per_site_day_and_reason(db, site):
    buf = make_buffer(db)
    rows = ([raw(ts=at(D1, 10, i), ip=f"66.249.66.{i}", user_agent=GOOGLEBOT) for i in range(3)]
            + [raw(ts=at(D2, 10, i), ip=f"66.249.66.{i}", user_agent=GOOGLEBOT) for i in range(2)]
            + [raw(ts=at(D1, 11), gpc=True), raw(ts=at(D1, 12)), raw(ts=at(D2, 12), ip="203.0.113.9")]
            # the app's own pages without consent: site 'app'
            + [raw(site="app", origin="app", url="/analysis", ts=at(D2, 9), consent=None)]
            # 23:30 UTC on D1 is 00:30 on D2 in Paris: the local day counts
            + [raw(ts=datetime(2026, 3, 8, 23, 30, tzinfo=UTC), user_agent="curl/8.5.0")])
    for row in rows:
        assert buf.add(row)
    assert buf.flush() == 2
    assert drops(db) == {("shop", D1, "bot"): 3, ("shop", D2, "bot"): 3, ("shop", D1, "gpc"): 1,
                         ("app", D2, "no_consent"): 1}
    # a later batch of the same days adds to the same rows; a batch of bots alone is written too
    for i in range(4):
        assert buf.add(raw(ts=at(D1, 14, i), ip="66.249.66.9", user_agent=GOOGLEBOT))
    assert buf.flush() == 0
    assert drops(db)[("shop", D1, "bot")] == 7
    assert len(drops(db)) == 4
    # the dashboard's note: this site, this period
    assert notes.bot_hits("shop") == 10
    assert notes.bot_hits("shop", Period("custom", D1, D1)) == 7
    assert notes.bot_hits("shop", Period("custom", D2, D2)) == 3
    assert notes.bot_hits("other") == 0


def test_drops_of_a_failed_write_are_written_once_with_the_retry(db, site):
    buf = make_buffer(db)
    buf.add(raw(ts=at(D1, 10), user_agent=GOOGLEBOT))
    buf.add(raw(ts=at(D1, 10)))
    real_write = db.write
    db.write = lambda fn: (_ for _ in ()).throw(RuntimeError("disk full"))
    with pytest.raises(RuntimeError):
        buf.flush()
    db.write = real_write
    buf.add(raw(ts=at(D1, 11), user_agent=GOOGLEBOT, ip="66.249.66.3"))
    assert buf.flush() == 1
    assert drops(db) == {("shop", D1, "bot"): 2}


def test_a_log_import_stores_its_drops(db, site):
    def line(ip: str, ts: str, path: str = "/", status: int = 200, ua: str = CHROME) -> str:
        return f'{ip} - - [{ts} +0000] "GET {path} HTTP/1.1" {status} 512 "-" "{ua}"\n'

    d1, late, d2 = "08/Mar/2026:10:00:00", "08/Mar/2026:23:30:00", "09/Mar/2026:08:00:00"
    text = (line("203.0.113.1", d1) + line("203.0.113.1", d1, "/tarifs")           # 2 stored
            + line("66.249.66.1", d1, ua=GOOGLEBOT) * 3                             # 3 bots on D1
            + line("66.249.66.1", late, ua=GOOGLEBOT) * 2                           # D2 in Paris
            + line("66.249.66.2", d2, "/robots.txt", ua=GOOGLEBOT)                  # not a page
            + line("203.0.113.2", d2, "/style.css") * 4                             # static assets
            + line("203.0.113.2", d2, "/nope", 404)                                 # error
            + line("203.0.113.3", d2)                                               # stored
            + '203.0.113.4 - - [09/Mar/2026:08:00:00 +0000] "GET /broken\n')        # unparseable
    summary = logs.import_bytes(text.encode(), site, now=NOW)
    assert summary.events_stored == 3
    assert dict(summary.dropped) == {Drop.BOT: 5, Drop.NOT_PAGE: 1, Drop.STATIC_ASSET: 4, Drop.HTTP_ERROR: 1,
                                     Drop.UNPARSEABLE: 1}
    expected = {("shop", D1, "bot"): 3, ("shop", D2, "bot"): 2, ("shop", D2, "not_page"): 1,
                ("shop", D2, "static_asset"): 4, ("shop", D2, "http_error"): 1}
    assert drops(db) == expected  # unparseable lines have no day: counted in the summary only
    # re-importing the same file adds nothing
    again = logs.import_bytes(text.encode(), site, now=NOW)
    assert again.events_stored == 0 and drops(db) == expected
    # a log of bots only is stored too
    bots = logs.import_bytes(line("66.249.66.7", d1, ua=GOOGLEBOT).encode() * 2, site, now=NOW)
    assert bots.events_stored == 0 and drops(db)[("shop", D1, "bot")] == 5
    assert notes.data_note(STAFF, "shop", now=NOW, period=Period("custom", D1, D2)).bot_hits == 7


def test_drop_counts_expire_with_the_aggregates(db):
    config = load_config()
    cutoff = config.aggregates_cutoff(NOW)
    db.execute("INSERT INTO audience.daily_drops VALUES ('shop', ?, 'bot', 5), ('shop', ?, 'bot', 6)",
               [cutoff - timedelta(days=1), cutoff])
    db.write(lambda cur: expire(cur, config, NOW))
    assert drops(db) == {("shop", cutoff, "bot"): 6}
    assert config.retention.audience_aggregates_months == 26
