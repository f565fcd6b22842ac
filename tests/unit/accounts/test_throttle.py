"""Per-client limits of the forms that mail a typed address (data-subject requests, sign-up)."""
from datetime import UTC, datetime, timedelta

import pytest

from accounts import throttle
from accounts.registration import register
from accounts.validation import ValidationError

T0 = datetime(2026, 11, 26, 10, tzinfo=UTC)


@pytest.mark.parametrize(("attempts_at_minutes", "allowed"), [
    ([0, 1, 2], [True, True, True]),
    ([0, 1, 2, 3], [True, True, True, False]),           # the 4th in the hour is refused
    ([0, 1, 2, 60, 61], [True, True, True, True, True]),  # the window slides: the 1st has left it
    ([0, 1, 2, 3, 59, 60], [True, True, True, False, False, True]),
])
def test_sliding_window(attempts_at_minutes, allowed):
    now = [T0]
    limit = throttle.ClientLimit(3, timedelta(hours=1), clock=lambda: now[0])
    got = []
    for minute in attempts_at_minutes:
        now[0] = T0 + timedelta(minutes=minute)
        got.append(limit.allow("203.0.113.9"))
    assert got == allowed


def test_clients_are_counted_apart_and_unknown_ones_together():
    limit = throttle.ClientLimit(1, timedelta(hours=1))
    assert limit.allow("203.0.113.9") and not limit.allow("203.0.113.9")
    assert limit.allow("2001:db8::1")
    assert limit.allow(None) and not limit.allow(None) and not limit.allow("")  # one shared bucket
    assert limit.allow("198.51.100.1")


def test_no_address_is_kept_in_clear():
    limit = throttle.ClientLimit(5, timedelta(hours=1))
    limit.allow("203.0.113.9")
    assert b"203.0.113.9" not in b"".join(limit._seen)  # keyed hashes only


def test_sign_up_is_limited_per_client(db, smtp_server, monkeypatch):
    monkeypatch.setattr(throttle, "SIGN_UP", throttle.ClientLimit(2, timedelta(hours=1)))
    for n in range(2):
        register(email=f"new{n}@example.fr", password="correct horse battery", client_ip="198.51.100.7")
    with pytest.raises(ValidationError) as refused:
        register(email="new2@example.fr", password="correct horse battery", client_ip="198.51.100.7")
    assert refused.value.key == "core.error.too_many_sign_ups"
    assert db.query_one("SELECT count(*) FROM users WHERE email = 'new2@example.fr'") == (0,)
    register(email="new3@example.fr", password="correct horse battery", client_ip="198.51.100.8")
