"""The request state machine, calendar-month deadlines with pauses and extensions, and the codes."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from privacy import requests, verification
from privacy.dates import add_months
from tests.unit.privacy.helpers import make_dpo, make_user


def outbox(db, to):
    return [r[0] for r in db.query("SELECT body FROM mail_outbox WHERE to_addr = ? ORDER BY created_at", [to])]


@pytest.mark.parametrize("start,months,end", [
    ((2025, 1, 31), 1, (2025, 2, 28)), ((2024, 1, 31), 1, (2024, 2, 29)), ((2025, 3, 15), 1, (2025, 4, 15)),
    ((2025, 12, 31), 1, (2026, 1, 31)), ((2025, 11, 30), 3, (2026, 2, 28)), ((2025, 5, 31), -3, (2025, 2, 28))])
def test_calendar_months(start, months, end):
    assert add_months(datetime(*start, 10, tzinfo=UTC), months) == datetime(*end, 10, tzinfo=UTC)


def test_deadline_adds_paused_time_and_extension():
    received = datetime(2025, 1, 31, 9, tzinfo=UTC)
    assert requests.compute_deadline(received, 0, None, 0) == datetime(2025, 2, 28, 9, tzinfo=UTC)
    # Paused 3 days in the past, and still paused for 2 more days now.
    now = datetime(2025, 2, 10, 9, tzinfo=UTC)
    d = requests.compute_deadline(received, 3 * 86400, now - timedelta(days=2), 2, now)
    assert d == datetime(2025, 4, 30, 9, tzinfo=UTC) + timedelta(days=5)


def test_anonymous_request_waits_paused_until_the_link_is_used(db):
    req = requests.submit(first_name="Ana", last_name="Lopez", email="Ana@Example.fr", actions=["access"])
    assert req.state == "identity_pending" and req.paused and req.requester_email == "ana@example.fr"
    body = outbox(db, "ana@example.fr")[0]
    token = re.search(r"verify=([\w-]+)", body).group(1)
    assert req.reference in body
    assert db.query_one("SELECT count(*) FROM dsr_verifications WHERE token_hash = ?", [token])[0] == 0  # hashed
    assert requests.verify(req.reference, token="wrong") is None
    done = requests.verify(req.reference, token=token)
    assert done.state == "verified" and not done.paused and done.user_id is None
    assert requests.verify(req.reference, token=token) is None   # single use


def test_logged_in_user_is_verified_at_once_and_matched(db):
    user = make_user(db, "camille@example.fr")
    req = requests.submit(first_name="C", last_name="M", email="camille@example.fr", actions=["erasure"], user=user)
    assert req.state == "verified" and req.user_id == user.id and req.paused_seconds == 0


def test_code_attempts_are_limited(db):
    req = requests.submit(first_name="A", last_name="B", email="a@b.fr", actions=["access"])
    code = re.search(r": (\d{6})", outbox(db, "a@b.fr")[0]).group(1)
    for _ in range(verification.MAX_ATTEMPTS):
        assert requests.verify(req.reference, code="000000" if code != "000000" else "111111") is None
    assert requests.verify(req.reference, code=code) is None   # burnt after the limit
    requests.send_challenge(requests.by_reference(req.reference))
    code = re.search(r": (\d{6})", outbox(db, "a@b.fr")[-1]).group(1)
    assert requests.verify(req.reference, code=code).state == "verified"


def test_verification_mails_per_request_are_limited(db):
    req = requests.submit(first_name="A", last_name="B", email="a@b.fr", actions=["access"])
    for _ in range(requests.MAX_CHALLENGES - 1):
        requests.send_challenge(requests.by_reference(req.reference))
    with pytest.raises(requests.TooManyRequests):
        requests.send_challenge(requests.by_reference(req.reference))


def test_expired_code_is_refused(db):
    req = requests.submit(first_name="A", last_name="B", email="a@b.fr", actions=["access"])
    challenge = verification.issue(req.id, now=datetime.now(UTC) - timedelta(days=2))
    assert not verification.check(req.id, token=challenge.token)
    assert verification.purge_expired() == 1


def test_transitions_extension_and_refusal(db):
    dpo = make_dpo(db)
    req = requests.submit(first_name="A", last_name="B", email="a@b.fr", actions=["access"], actor=dpo,
                          channel="post", identity_checked=True)
    assert req.state == "verified"
    with pytest.raises(requests.InvalidTransition):
        requests.transition(req.id, "identity_pending", actor_id=None, action="x")
    with pytest.raises(ValueError):
        requests.extend(dpo, req.id, 1, "  ")
    with pytest.raises(ValueError):
        requests.extend(dpo, req.id, 3, "complex")
    ext = requests.extend(dpo, req.id, 2, "many systems to search")
    assert ext.state == "extended" and ext.deadline() == add_months(req.received_at, 3)
    assert "many systems to search" in outbox(db, "a@b.fr")[-1]
    with pytest.raises(ValueError):
        requests.refuse(dpo, req.id, "")
    refused = requests.refuse(dpo, req.id, "manifestly unfounded")
    assert refused.state == "refused" and refused.closed_at is not None
    assert "cnil.fr" in outbox(db, "a@b.fr")[-1]


def test_late_extension_is_refused(db):
    dpo = make_dpo(db)
    req = requests.submit(first_name="A", last_name="B", email="a@b.fr", actions=["access"], actor=dpo,
                          identity_checked=True, received_at=datetime.now(UTC) - timedelta(days=40))
    assert req.overdue()
    with pytest.raises(ValueError):
        requests.extend(dpo, req.id, 1, "too late")


def test_form_is_rate_limited_and_needs_the_fields(db):
    with pytest.raises(ValueError):
        requests.submit(first_name="", last_name="B", email="a@b.fr", actions=["access"])
    with pytest.raises(ValueError):
        requests.submit(first_name="A", last_name="B", email="a@b.fr", actions=[])
    for _ in range(requests.MAX_OPEN_PER_DAY):
        requests.submit(first_name="A", last_name="B", email="a@b.fr", actions=["access"])
    with pytest.raises(requests.TooManyRequests):
        requests.submit(first_name="A", last_name="B", email="a@b.fr", actions=["access"])


def test_proof_is_encrypted_and_deleted_on_confirmation(db):
    from privacy import identity_docs

    dpo = make_dpo(db)
    req = requests.submit(first_name="A", last_name="B", email="a@b.fr", actions=["access"])
    req = requests.request_proof(dpo, req.id, "address differs from the account")
    assert req.state == "proof_requested" and req.paused
    doc = identity_docs.store(req.id, b"PASSPORT-SCAN-123")
    files = list((db.data_dir / "identity_docs").iterdir())
    assert len(files) == 1 and b"PASSPORT-SCAN-123" not in files[0].read_bytes()
    assert identity_docs.read(dpo, doc) == b"PASSPORT-SCAN-123"
    assert requests.confirm_identity(dpo, req.id).state == "verified"
    assert list((db.data_dir / "identity_docs").iterdir()) == []


def test_audit_trail_has_no_email(db):
    from privacy import audit

    dpo = make_dpo(db)
    req = requests.submit(first_name="A", last_name="B", email="secret.person@b.fr", actions=["access"])
    requests.request_proof(dpo, req.id, "doubt")
    events = audit.list_events(dpo, request_ref=req.reference)
    assert {e["action"] for e in events} >= {"request.received", "verification.sent", "identity.proof_requested"}
    assert "secret.person" not in str(db.query("SELECT * FROM dsr_audit"))


def test_the_public_form_is_limited_per_client_as_well_as_per_address(db, monkeypatch):
    from accounts import throttle

    monkeypatch.setattr(throttle, "REQUEST_FORM", throttle.ClientLimit(3, timedelta(hours=1)))
    for n in range(3):   # three different addresses from one machine
        requests.submit(first_name="A", last_name="B", email=f"p{n}@b.fr", actions=["access"], client_ip="192.0.2.5")
    with pytest.raises(requests.TooManyRequests) as refused:
        requests.submit(first_name="A", last_name="B", email="p3@b.fr", actions=["access"], client_ip="192.0.2.5")
    assert refused.value.message_key == "dsr.form.too_many_client"
    assert db.query_one(
        "SELECT count(*) FROM dsr_requests WHERE requester_email = 'p3@b.fr'") == (0,)
    requests.submit(first_name="A", last_name="B", email="p3@b.fr", actions=["access"], client_ip="192.0.2.6")
