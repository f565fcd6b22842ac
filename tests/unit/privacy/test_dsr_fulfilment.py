"""One-click fulfilment: access package by mailed link, rectification, withdrawal, erasure with result mail."""
from __future__ import annotations

import io
import json
import re
import zipfile

from privacy import export, fulfilment, requests
from tests.unit.privacy.helpers import make_dpo, make_user


def body(msg) -> str:
    return msg.get_payload(decode=True).decode()


def test_access_request_mails_a_working_single_request_link(db, smtp_server):
    dpo = make_dpo(db)
    user = make_user(db, "anna@example.fr", first_name="Anna")
    db.execute("INSERT INTO contact_requests (name, email, topic, message) VALUES ('Anna', 'anna@example.fr', "
               "'quote', 'hello')")
    req = requests.submit(first_name="Anna", last_name="D", email="anna@example.fr", actions=["access", "portability"],
                          user=user)
    done = fulfilment.fulfil(dpo, req.id)
    assert done.state == "completed"
    mail = smtp_server.to("anna@example.fr")[-1]
    link = re.search(r"http\S+download=\S+", body(mail)).group(0)
    token = re.search(r"download=([\w-]+)", link).group(1)
    assert export.open_package("DSR-WRONG", token) is None
    data = export.open_package(req.reference, token)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        content = json.loads(zf.read("data.json"))
        assert {"data.json", "README.md", "csv/users.csv", "csv/contact_requests.csv"} <= set(zf.namelist())
        assert "CNIL" in zf.read("README.md").decode()
    assert content["users"][0]["email"] == "anna@example.fr" and "password_hash" not in content["users"][0]
    assert content["contact_requests"][0]["message"] == "hello"
    # The package file is encrypted at rest.
    files = list((db.data_dir / "exports").iterdir())
    assert len(files) == 1 and b"anna@example.fr" not in files[0].read_bytes()


def test_rectification_withdrawal_and_objection(db):
    dpo = make_dpo(db)
    user = make_user(db, "bob@example.fr", first_name="Bobb")
    db.execute("INSERT INTO consent_events (consent_id, user_id, policy_version, banner_text_sha256, decisions, "
               "method) VALUES (uuid(), ?, 'v1', 'h', '{\"necessary\": true, \"audience\": true, \"remember\": true}', "
               "'accept_all')", [user.id])
    req = requests.submit(first_name="Bob", last_name="B", email="bob@example.fr", user=user,
                          actions=["rectification", "withdraw_consent", "objection"])
    fulfilment.fulfil(dpo, req.id, rectification={"first_name": "Bob", "password_hash": "hack"})
    assert db.query_one("SELECT first_name, password_hash FROM users WHERE email = 'bob@example.fr'") == ("Bob", "x")
    last = db.query("SELECT method, CAST(decisions AS VARCHAR) FROM consent_events ORDER BY created_at")[-1]
    assert last[0] == "withdraw" and json.loads(last[1])["audience"] is False
    assert db.query_one("SELECT subscribed FROM mail_subscriptions WHERE email = 'bob@example.fr' AND kind = 'all'") \
        == (False,)


def test_erasure_request_mails_the_result_then_erases(db, smtp_server):
    dpo = make_dpo(db)
    user = make_user(db, "carl@example.fr")
    req = requests.submit(first_name="Carl", last_name="C", email="carl@example.fr", actions=["access", "erasure"],
                          user=user)
    done = fulfilment.fulfil(dpo, req.id)
    assert done.state == "completed" and done.requester_email is None
    assert db.query_one("SELECT count(*) FROM users WHERE email = 'carl@example.fr'")[0] == 0
    text = body(smtp_server.to("carl@example.fr")[-1])
    assert req.reference in text and "download=" in text
    assert b"carl@example.fr" not in db.app_path.read_bytes()
    # Access ran first: its package still opens for its few days, and documents what was erased.
    token = re.search(r"download=([\w-]+)", text).group(1)
    data = export.open_package(req.reference, token)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert json.loads(zf.read("data.json"))["users"][0]["email"] == "carl@example.fr"
