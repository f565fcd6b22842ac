"""The consent log (proof, GDPR Art. 7(1)), the signed cookie and policy versioning."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from accounts import User
from accounts.model import PermissionDenied
from privacy import consent
from privacy.dates import add_months

V1, V2 = "2026-11-01", "2027-03-01"
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _record(choices, method="custom", version=V1, **kw):
    cid = kw.pop("consent_id", None) or consent.new_consent_id()
    return consent.record_consent(cid, choices, method, version, "banner text", kw.pop("ip", "192.168.12.34"),
                                  kw.pop("ua", "Mozilla/5.0 Test"), now=kw.pop("now", NOW), **kw)


def test_record_stores_proof_with_truncated_ip(db):
    choice = _record({"audience": True, "remember": False}, "custom", ip="203.0.113.77")
    row = db.query_one("SELECT consent_id, policy_version, banner_text_sha256, decisions, method, ip_trunc, "
                       "user_agent, user_id FROM consent_events")
    assert str(row[0]) == choice.consent_id
    assert row[1] == V1
    assert row[2] == consent.banner_hash("banner text") and len(row[2]) == 64
    assert json.loads(row[3]) == {"necessary": True, "audience": True, "remember": False}
    assert row[4] == "custom"
    assert row[5] == "203.0.0.0"            # never the raw address
    assert row[6] == "Mozilla/5.0 Test"
    assert row[7] is None


def test_raw_ip_never_stored_even_ipv6(db):
    _record({}, "refuse_all", ip="2001:db8:1234:5678::1")
    stored = db.query_one("SELECT ip_trunc FROM consent_events")[0]
    assert stored == "2001:db8:1234::"
    dump = " ".join(str(v) for v in db.query("SELECT * FROM consent_events")[0])
    assert "5678" not in dump


def test_refusals_are_logged_too_and_methods_checked(db):
    _record({}, "refuse_all")
    _record({}, "gpc")
    assert db.query_one("SELECT count(*) FROM consent_events")[0] == 2
    with pytest.raises(ValueError):
        _record({}, "dismissed")
    with pytest.raises(ValueError):
        _record({"audience": True}, "gpc")  # GPC can only refuse
    with pytest.raises(ValueError):
        consent.record_consent("not-a-uuid", {}, "custom", V1, "x", None, None)


def test_unknown_categories_are_dropped():
    assert consent.normalise({"audience": 1, "marketing": True}) == {"audience": True, "remember": False}


def test_cookie_round_trip(db):
    choice = _record({"audience": True}, "custom")
    value = consent.cookie_value(choice)
    again = consent.current_choice(value, V1, now=NOW + timedelta(days=1))
    assert again is not None and again.consent_id == choice.consent_id
    assert again.choices == {"audience": True, "remember": False}


@pytest.mark.parametrize("tamper", [
    lambda v: v[:-2] + ("AA" if not v.endswith("AA") else "BB"),           # signature changed
    lambda v: v.split(".")[0] + "x." + v.split(".")[1],                      # payload changed
    lambda v: "",
    lambda v: "garbage",
    lambda v: "a.b.c",
])
def test_forged_cookie_is_ignored(db, tamper):
    choice = _record({"audience": False}, "refuse_all")
    assert consent.current_choice(tamper(consent.cookie_value(choice)), V1, now=NOW) is None


def test_forged_payload_with_other_choices_is_ignored(db):
    import base64
    choice = _record({}, "refuse_all")
    payload, sig = consent.cookie_value(choice).split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["c"] = {"audience": 1, "remember": 1}
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    assert consent.current_choice(f"{forged}.{sig}", V1, now=NOW) is None


def test_new_policy_version_asks_again(db):
    choice = _record({"audience": True}, "accept_all", version=V1)
    assert consent.current_choice(consent.cookie_value(choice), V2, now=NOW) is None


def test_expires_after_configured_months_refusal_same_as_consent(db):
    for method, choices in (("accept_all", consent.all_accepted()), ("refuse_all", consent.all_refused())):
        choice = _record(choices, method)
        value = consent.cookie_value(choice)
        assert choice.expires_at == datetime(2027, 5, 20, 10, 0, tzinfo=UTC)  # 6 months
        assert consent.current_choice(value, V1, now=choice.expires_at - timedelta(minutes=1)) is not None
        assert consent.current_choice(value, V1, now=choice.expires_at) is None


def test_add_months_clamps_to_month_end():
    assert add_months(datetime(2026, 8, 31), 6) == datetime(2027, 2, 28)
    assert add_months(datetime(2026, 1, 15), 12) == datetime(2027, 1, 15)


def test_server_side_withdrawal_overrides_older_cookie(db):
    choice = _record(consent.all_accepted(), "accept_all")
    cookie = consent.cookie_value(choice)
    _record(consent.all_refused(), "withdraw", consent_id=choice.consent_id, now=NOW + timedelta(hours=1))
    current = consent.current_choice(cookie, V1, now=NOW + timedelta(hours=2))
    assert current is not None and current.choices == consent.all_refused()


def test_cookie_without_proof_is_asked_again(db):
    choice = _record(consent.all_accepted(), "accept_all")
    cookie = consent.cookie_value(choice)
    db.execute("DELETE FROM consent_events")
    assert consent.current_choice(cookie, V1, now=NOW) is None


def test_method_for_withdrawal():
    granted = {"audience": True, "remember": True}
    assert consent.method_for("refuse_all", granted, consent.all_refused()) == "withdraw"
    assert consent.method_for("custom", granted, {"audience": False, "remember": True}) == "withdraw"
    assert consent.method_for("refuse_all", None, consent.all_refused()) == "refuse_all"
    assert consent.method_for("accept_all", consent.all_refused(), granted) == "accept_all"


def test_allowed_helper(db):
    now = datetime.now(UTC)
    cookie = consent.cookie_value(_record({"audience": True}, "custom", now=now))
    assert consent.allowed(cookie, V1, "audience")
    assert not consent.allowed(cookie, V1, "remember")
    assert consent.allowed(None, V1, "necessary")
    assert not consent.allowed(None, V1, "audience")


def _user(roles):
    return User(id="00000000-0000-0000-0000-000000000001", email="dpo@example.fr", first_name="",
                last_name="", company="", siren="", roles=roles, language="fr", confirmed=True,
                disabled=False)


def test_dpo_search_by_consent_id_and_account_and_csv(db):
    db.execute("INSERT INTO users (id, email, password_hash) VALUES "
               "('11111111-1111-1111-1111-111111111111', 'ada@example.fr', 'x')")
    mine = _record({"audience": True}, "custom", user_id="11111111-1111-1111-1111-111111111111")
    other = _record({}, "refuse_all")
    dpo = _user(("user", "dpo"))
    by_id = consent.search_log(dpo, consent_id=other.consent_id.upper())
    assert list(by_id["consent_id"]) == [other.consent_id]
    by_mail = consent.search_log(dpo, account="ADA@example.fr")
    assert list(by_mail["consent_id"]) == [mine.consent_id] and list(by_mail["email"]) == ["ada@example.fr"]
    assert len(consent.search_log(dpo)) == 2
    csv_bytes = consent.log_csv(by_mail)
    text = csv_bytes.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("created_at,consent_id,user_id,email")
    assert mine.consent_id in text and "203.0.0.0" not in text and "192.168.0.0" in text


def test_search_requires_dpo(db):
    with pytest.raises(PermissionDenied):
        consent.search_log(_user(("user",)))
    with pytest.raises(PermissionDenied):
        consent.search_log(None)
