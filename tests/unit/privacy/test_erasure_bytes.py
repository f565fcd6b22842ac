"""The byte-level erasure test: after erase_person, the marker is in no file of the data folder.

The `db` fixture forces DuckDB's compression off, so the marker is greppable before the erasure
(asserted: a search that finds nothing proves nothing otherwise).
"""
from __future__ import annotations

import secrets
from pathlib import Path

from privacy.erasure import erase_person
from tests.unit.privacy.helpers import make_dpo, make_user


def files_containing(folder: Path, needle: bytes) -> list[str]:
    return [str(p.relative_to(folder)) for p in sorted(folder.rglob("*"))
            if p.is_file() and needle in p.read_bytes()]


def test_erasure_leaves_no_byte_of_the_marker(db):
    marker = f"ERASEME{secrets.token_hex(6)}"
    email = f"{marker.lower()}@example.fr"
    dpo = make_dpo(db)
    person = make_user(db, email, first_name=marker, last_name=marker)
    others = [make_user(db, f"other{i}@example.fr", first_name=f"Other{i}") for i in range(30)]

    def related(cur):
        cur.execute("INSERT INTO contact_requests (name, email, topic, message) VALUES (?, ?, 'quote', ?)",
                    [marker, email, f"Bonjour, {marker} ici"])
        cur.execute("INSERT INTO mail_outbox (to_addr, subject, body, kind) VALUES (?, 'Hi', ?, 'account')",
                    [email, f"Hello {marker}"])
        cur.execute("INSERT INTO login_failures (user_id) VALUES (?)", [person.id])
        cur.execute("INSERT INTO consent_events (consent_id, user_id, policy_version, banner_text_sha256, decisions, "
                    "method, user_agent) VALUES (uuid(), ?, 'v1', 'h', '{}', 'accept_all', ?)", [person.id, marker])
        cur.execute("INSERT INTO mail_subscriptions (email, kind, subscribed, source) VALUES (?, 'news', true, 'x')",
                    [email])
        cur.execute("INSERT INTO contact_requests (name, email, topic, message) VALUES ('Keep', 'k@x.fr', 't', 'm')")
    db.write(related)
    # A request with an identity proof and an access package: files outside the database, encrypted.
    from privacy import export, identity_docs, requests
    req = requests.submit(first_name=marker, last_name=marker, email=email, actions=["access"],
                          message=f"I am {marker}")
    identity_docs.store(req.id, f"scan of {marker}".encode())
    export.store_package(req.id, marker.encode())
    db.checkpoint()
    assert files_containing(db.data_dir, marker.encode()), "the marker must be visible before erasure"

    result = erase_person(dpo, user_id=person.id, reason="test")

    assert result.rows["users"] == 1 and result.rows["contact_requests"] == 1
    assert result.archived == {"consent_events": 1} and result.files_deleted == 2
    db.checkpoint()
    assert files_containing(db.data_dir, marker.encode()) == []
    assert files_containing(db.data_dir, marker.lower().encode()) == []
    # Everyone else is still there.
    assert db.query_one("SELECT count(*) FROM users")[0] == len(others) + 1
    assert db.query_one("SELECT count(*) FROM contact_requests")[0] == 1
