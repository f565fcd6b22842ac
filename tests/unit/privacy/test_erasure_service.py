"""erase_person: every mapped table, anonymised requests, legal-hold archive, permissions, journal."""
from __future__ import annotations

import json

import pytest

from accounts import PermissionDenied
from privacy import erasure, journal
from privacy.erasure import erase_person
from privacy.keys import fernet
from tests.unit.privacy.helpers import make_dpo, make_user


def seed_person(db, email="p@x.fr"):
    user = make_user(db, email)

    def rows(cur):
        cur.execute("INSERT INTO login_cookies (user_id, exp_date) VALUES (?, 1)", [user.id])
        cur.execute("INSERT INTO auth_tokens (token_hash, user_id, purpose, expires_at) VALUES ('h', ?, 'reset', "
                    "now() + INTERVAL 1 HOUR)", [user.id])
        cur.execute("INSERT INTO consent_events (consent_id, user_id, policy_version, banner_text_sha256, decisions, "
                    "method) VALUES (uuid(), ?, 'v1', 'abc', '{\"audience\": true}', 'accept_all')", [user.id])
        cur.execute("INSERT INTO mail_subscriptions (email, kind, subscribed, source) VALUES (?, 'news', true, 'x')",
                    [email])
        cur.execute("INSERT INTO dsr_requests (reference, subject_ref, requester_email, first_name, last_name, "
                    "user_id, actions, state) VALUES ('DSR-1', 'ref', ?, 'P', 'Q', ?, ['access'], 'completed')",
                    [email, user.id])
    db.write(rows)
    return user


def test_erasure_covers_every_table_and_archives_the_legal_hold(db):
    dpo = make_dpo(db)
    user = seed_person(db)
    result = erase_person(dpo, user_id=user.id, reason="test")
    for table in ("users", "login_cookies", "auth_tokens", "consent_events", "mail_subscriptions"):
        assert result.rows[table] == 1, table
        col = "email" if table in ("users", "mail_subscriptions") else "user_id"
        val = "p@x.fr" if col == "email" else user.id
        assert db.query_one(f"SELECT count(*) FROM {table} WHERE CAST({col} AS VARCHAR) = ?", [val])[0] == 0
    # The request stays, without identity.
    assert db.query_one("SELECT requester_email, first_name, user_id, state FROM dsr_requests") == (
        None, None, None, "completed")
    # Consent proof: encrypted in the restricted archive, with reason and end date.
    name, reason, expires = db.query_one("SELECT stored_name, reason, expires_at FROM privacy_legal_archive")
    blob = (db.data_dir / "legal_archive" / name).read_bytes()
    assert user.id.encode() not in blob
    assert json.loads(fernet().decrypt(blob))["rows"][0]["user_id"] == user.id
    assert "Art. 7" in reason and expires.year >= 2030
    # Journal: hashed, outside the database.
    line = journal.journal_path().read_text()
    assert "p@x.fr" not in line and user.id not in line and len(list(journal.entries())) == 1


def test_a_user_may_erase_himself_only(db):
    a, b = make_user(db, "a@x.fr"), make_user(db, "b@x.fr")
    with pytest.raises(PermissionDenied):
        erase_person(a, user_id=b.id, reason="x")
    erase_person(a, user_id=a.id, reason="my account")
    assert db.query_one("SELECT count(*) FROM users")[0] == 1


def test_replay_erases_again_but_keeps_a_later_sign_up(db):
    dpo = make_dpo(db)
    user = seed_person(db)
    db.execute("INSERT INTO contact_requests (name, email, topic, message) VALUES ('P', 'p@x.fr', 't', 'old')")
    erase_person(dpo, user_id=user.id, reason="test")
    # Simulate a restore: the old rows come back (same ids), and the person signed up again meanwhile.
    db.execute("INSERT INTO users (id, email, password_hash, created_at) VALUES (?, 'p-old@x.fr', 'x', "
               "now() - INTERVAL 10 DAY)", [user.id])
    db.execute("INSERT INTO contact_requests (name, email, topic, message, created_at) VALUES "
               "('P', 'p@x.fr', 't', 'old', now() - INTERVAL 10 DAY)")
    fresh = make_user(db, "p@x.fr")
    db.execute("INSERT INTO contact_requests (name, email, topic, message) VALUES ('P', 'p@x.fr', 't', 'new')")
    assert erasure.replay_journal(db) == 1   # one journalled person, found by id and by address
    assert db.query_one("SELECT count(*) FROM users WHERE CAST(id AS VARCHAR) = ?", [user.id])[0] == 0
    assert db.query_one("SELECT count(*) FROM users WHERE CAST(id AS VARCHAR) = ?", [fresh.id])[0] == 1
    assert db.query("SELECT message FROM contact_requests") == [("new",)]


def test_legal_archive_is_readable_by_the_dpo_only_and_expires(db):
    from datetime import UTC, datetime

    from privacy import legal_archive
    from privacy.dates import add_months

    dpo = make_dpo(db)
    user = seed_person(db)
    erase_person(dpo, user_id=user.id, reason="test")
    [item] = legal_archive.list_archive(dpo)
    assert item["source_table"] == "consent_events" and item["row_count"] == 1
    with pytest.raises(PermissionDenied):
        legal_archive.read_archive(make_user(db, "nosy@x.fr"), str(item["id"]), "curious")
    with pytest.raises(ValueError):
        legal_archive.read_archive(dpo, str(item["id"]), " ")
    content = legal_archive.read_archive(dpo, str(item["id"]), "claim from the person, 2026-11")
    assert content["rows"][0]["user_id"] == user.id
    assert db.query_one("SELECT count(*) FROM dsr_audit WHERE action = 'archive.read'")[0] == 1
    assert legal_archive.purge_expired(datetime.now(UTC)) == 0
    assert legal_archive.purge_expired(add_months(datetime.now(UTC), 12 * 6)) == 1
    assert list(legal_archive.archive_dir().iterdir()) == []
