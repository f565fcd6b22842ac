"""Breach register: every incident recorded, the risk path, the 72 h clock, Art. 33(3)/34(2) texts."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from accounts import PermissionDenied
from privacy import breaches
from tests.unit.privacy.helpers import make_dpo, make_user


def test_breach_path_from_record_to_notifications(db):
    staff = make_user(db, "staff@x.fr", roles=("user", "staff"))
    dpo = make_dpo(db)
    victim = make_user(db, "victim@x.fr")
    aware = datetime.now(UTC) - timedelta(hours=10)
    b = breaches.record(staff, title="Lost laptop", nature="unencrypted laptop stolen", aware_at=aware,
                        occurred_at=aware - timedelta(hours=2), approx_people=12, categories_people="customers",
                        consequences="phishing", measures="passwords reset")
    assert b.pending_actions() == ["assess"]
    with pytest.raises(PermissionDenied):
        breaches.assess(staff, b.id, "high", "x")
    b = breaches.assess(dpo, b.id, "high", "contact data of customers, unencrypted")
    assert b.pending_actions() == ["notify_cnil", "notify_persons"]
    assert 61 < b.hours_left() < 63
    text = breaches.cnil_notification(b, "fr")
    for part in ("unencrypted laptop stolen", "12", "phishing", "passwords reset", "dpo@example.fr"):
        assert part in text
    b = breaches.mark_cnil_notified(dpo, b.id, "CNIL-123")
    with pytest.raises(ValueError):  # no matching account: nothing is recorded as done
        breaches.notify_persons(dpo, b.id, breaches.user_ids_for(["unknown@x.fr"]))
    assert breaches.get(dpo, b.id).persons_notified_at is None
    assert breaches.notify_persons(dpo, b.id, breaches.user_ids_for(["victim@x.fr", "unknown@x.fr"])) == 1
    b = breaches.get(dpo, b.id)
    assert b.pending_actions() == [] and b.persons_notified == 1
    body = db.query_one("SELECT body FROM mail_outbox WHERE to_addr = ? AND kind = 'breach'", [victim.email])[0]
    assert "phishing" in body and "passwords reset" in body


def test_late_cnil_notification_needs_reasons(db):
    dpo = make_dpo(db)
    b = breaches.record(dpo, title="Old", nature="n", aware_at=datetime.now(UTC) - timedelta(hours=80))
    breaches.assess(dpo, b.id, "risk", "r")
    with pytest.raises(ValueError):
        breaches.mark_cnil_notified(dpo, b.id, "ref")
    assert breaches.mark_cnil_notified(dpo, b.id, "ref", "discovered on a week-end").late_reason


def test_users_cannot_see_the_register(db):
    with pytest.raises(PermissionDenied):
        breaches.list_breaches(make_user(db, "u@x.fr"))
