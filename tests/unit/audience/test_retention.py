"""Expiry on every batch, raw events shorter than aggregates, CNIL limits of the exempt mode."""
from datetime import UTC, date, datetime, timedelta

import pytest

from audience.buffer import Buffer
from audience.config import months_before
from audience.keys import KeyStore
from config.organisation import load_organisation
from tests.unit.audience.helpers import make_config, raw

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def test_months_before():
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 3, 10), 26) == date(2024, 1, 10)
    assert months_before(date(2024, 3, 31), 25) == date(2022, 2, 28)


def _seed_old_rows(db):
    def old(cur):
        for day in (date(2023, 1, 5), date(2025, 1, 5), date(2026, 3, 1)):
            cur.execute("INSERT INTO audience.daily_dimensions VALUES ('shop', ?, 'total', '', 1, 1, 1, 1, 0)", [day])
            cur.execute("INSERT INTO audience.events (site, ts, day, visitor_id, origin, path, referrer_host, channel,"
                        " source, utm_medium, utm_campaign, browser, os, device, language) VALUES ('shop', ?, ?, 1, "
                        "'js', '/', '', 'direct', '', '', '', '', '', '', '')", [day, day])
    db.write(old)


def test_each_batch_expires_events_and_aggregates_by_their_own_retention(db, site):
    _seed_old_rows(db)
    config = make_config(retention={"audience_events_months": 2, "audience_aggregates_months": 25})
    buf = Buffer(db, config, keys=KeyStore(db.data_dir / "k", keep_hours=48, timezone="Europe/Paris"),
                 clock=lambda: NOW)
    buf.add(raw(ts=NOW - timedelta(minutes=1)))
    assert buf.flush() == 1
    event_days = {d for (d,) in db.query("SELECT DISTINCT day FROM audience.events")}
    agg_days = {d for (d,) in db.query("SELECT DISTINCT day FROM audience.daily_dimensions")}
    assert event_days == {date(2026, 3, 1), date(2026, 3, 10)}
    assert agg_days == {date(2025, 1, 5), date(2026, 3, 1), date(2026, 3, 10)}  # 2023 gone (> 25 months)
    # the dashboard still has the 2025 day from its aggregates although its raw events are gone
    assert db.query_one("SELECT visits FROM audience.daily_dimensions WHERE day = '2025-01-05'") == (1,)


def test_an_empty_flush_does_not_skip_expiry_of_pending_writes(db, site):
    config = make_config()
    buf = Buffer(db, config, keys=KeyStore(db.data_dir / "k", keep_hours=48, timezone="Europe/Paris"),
                 clock=lambda: NOW)
    assert buf.flush() == 0


def test_keys_are_destroyed_by_the_flush_loop(db, site):
    keys = KeyStore(db.data_dir / "k", keep_hours=48, timezone="Europe/Paris")
    now = [NOW]
    buf = Buffer(db, make_config(), keys=keys, clock=lambda: now[0])
    buf.add(raw(ts=NOW))
    buf.flush()
    assert keys.stored_days() == [date(2026, 3, 10)]
    now[0] = NOW + timedelta(days=2)
    buf.flush()
    assert keys.stored_days() == []


def _org(tmp_path, retention_months: int, exempt: bool, extra: str = ""):
    text = f"""
[organisation]
name = "X"
[retention]
audience_aggregates_months = {retention_months}
audience_events_months = 13
visitor_key_hours = 48
inactive_account_months = 30
inactive_warning_days = 30
unconfirmed_account_days = 7
consent_cookie_months = 6
consent_proof_years = 5
contact_request_months = 36
[audience]
consent_exempt = {"true" if exempt else "false"}
{extra}
"""
    path = tmp_path / "org.toml"
    path.write_text(text, encoding="utf-8")
    return load_organisation(path)


def test_exempt_mode_refuses_more_than_25_months(tmp_path):
    with pytest.raises(ValueError, match="25"):
        _ = _org(tmp_path, 26, True).audience
    assert _org(tmp_path, 25, True).audience.consent_exempt
    assert _org(tmp_path, 26, False).audience.consent_exempt is False


@pytest.mark.parametrize("extra", ["ipv4_mask_bytes = 1", "ipv6_prefix_length = 64"])
def test_weak_anonymisation_settings_are_refused(tmp_path, extra):
    with pytest.raises(ValueError):
        _ = _org(tmp_path, 25, False, extra).audience


def test_shipped_organisation_file_is_valid():
    from config.organisation import get_organisation
    org = get_organisation()
    assert org.audience.ipv4_mask_bytes >= 2 and org.retention.audience_aggregates_months == 26
