"""Accounts: registration, confirmation, reset tokens, throttling, cookies, roles."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from accounts import PermissionDenied, get_user_by_email, login, registration, sessions, users
from accounts.tokens import TokenError, consume_token, issue_token
from accounts.validation import ValidationError
from demo.seed import seed_accounts
from privacy import journal, retention

GOOD = "correct horse battery"


def confirm_link(smtp, email: str) -> str:
    body = smtp.to(email)[-1].get_payload(decode=True).decode()
    return next(w for w in body.split() if "confirm=" in w).split("confirm=")[1]


def test_register_mails_a_confirmation_link_that_works_once(db, smtp_server):
    user = registration.register(email=" Ada@Example.FR ", password=GOOD, company="Ada SAS", siren="732 829 320")
    assert user.email == "ada@example.fr" and not user.confirmed and user.roles == ("user",)
    assert user.siren == "732829320"
    token = confirm_link(smtp_server, "ada@example.fr")
    assert registration.confirm_email(token).confirmed
    with pytest.raises(TokenError):
        registration.confirm_email(token)


def test_the_password_is_stored_hashed(db, smtp_server):
    registration.register(email="bob@example.fr", password=GOOD)
    (stored,) = db.query_one("SELECT password_hash FROM users")
    assert stored.startswith("$2b$") and GOOD not in stored


@pytest.mark.parametrize("email,password,siren,key", [
    ("not-an-email", GOOD, "", "core.error.email_invalid"),
    ("a@b", GOOD, "", "core.error.email_invalid"),
    ("x@example.fr", "short", "", "core.error.password_short"),
    ("x@example.fr", " " + GOOD, "", "core.error.password_spaces"),
    ("x@example.fr", "é" * 37, "", "core.error.password_long"),  # 37 chars but 74 bytes
    ("x@example.fr", "aaaaaaaaaaaa", "", "core.error.password_weak"),
    ("x@example.fr", GOOD, "123456789", "core.error.siren_invalid"),
    ("x@example.fr", GOOD, "12345678", "core.error.siren_invalid"),
    ("x@example.fr", GOOD, "'; DROP TABLE users; --", "core.error.siren_invalid"),
])
def test_bad_registrations_are_refused_and_store_nothing(db, email, password, siren, key):
    with pytest.raises(ValidationError) as err:
        registration.register(email=email, password=password, siren=siren)
    assert err.value.key == key
    assert db.query_one("SELECT count(*) FROM users")[0] == 0


def test_duplicate_email_creates_nothing_and_mails_the_owner(db, smtp_server):
    registration.register(email="dup@example.fr", password=GOOD)
    assert registration.register(email="DUP@example.fr", password=GOOD) is None
    assert db.query_one("SELECT count(*) FROM users")[0] == 1
    notice = smtp_server.to("dup@example.fr")[-1]
    assert notice["Subject"] == "Tentative d'inscription avec votre adresse"


def test_metacharacters_are_stored_as_plain_text(db, smtp_server):
    evil = "<script>alert(1)</script>' OR 1=1; --"
    user = registration.register(email="evil@example.fr", password=GOOD, first_name=evil[:90], company=evil)
    assert user.company == evil and db.query_one("SELECT count(*) FROM users")[0] == 1


def test_reset_token_is_single_use_and_revokes_cookies(db, smtp_server):
    user = registration.register(email="carol@example.fr", password=GOOD)
    cookie = sessions.start(user.id, sessions.REMEMBER)
    registration.request_password_reset("carol@example.fr")
    body = smtp_server.to("carol@example.fr")[-1].get_payload(decode=True).decode()
    token = next(w for w in body.split() if "token=" in w).split("token=")[1]
    registration.reset_password(token, "another good password")
    assert db.query_one("SELECT count(*) FROM login_cookies")[0] == 0
    assert sessions.lookup(cookie.value) is None
    with pytest.raises(TokenError):
        registration.reset_password(token, "yet another password")


def test_reset_for_unknown_address_sends_nothing(db, smtp_server):
    registration.request_password_reset("nobody@example.fr")
    registration.request_password_reset("not an email")
    assert smtp_server.messages == []


def test_expired_token_is_refused(db):
    seed_accounts()
    user = get_user_by_email("demo.user@example.com")
    raw = issue_token(user.id, "reset", timedelta(seconds=-1))
    with pytest.raises(TokenError):
        consume_token(raw, "reset")
    assert db.query_one("SELECT count(*) FROM auth_tokens WHERE token_hash = ?", [raw]) == (0,)  # only hashes


def test_failures_lock_the_account_then_expire(db):
    seed_accounts()
    user = get_user_by_email("demo.user@example.com")
    for _ in range(5):
        login.record_failure(user.id)
    assert login.is_locked(user.id)
    assert login.credentials()["usernames"][user.email]["failed_login_attempts"] == 5
    later = datetime.now(UTC) + timedelta(minutes=16)
    assert not login.is_locked(user.id, now=later)


def test_disabled_accounts_cannot_log_in(db):
    seed_accounts()
    admin = get_user_by_email("demo.admin@example.com")
    target = get_user_by_email("demo.user@example.com")
    cookie = sessions.start(target.id, sessions.SESSION)
    users.set_disabled(admin, target.id, True)
    assert target.email not in login.credentials()["usernames"]
    assert sessions.lookup(cookie.value) is None


def test_only_admins_manage_roles(db):
    seed_accounts()
    admin = get_user_by_email("demo.admin@example.com")
    staff = get_user_by_email("demo.staff@example.com")
    with pytest.raises(PermissionDenied):
        users.set_roles(staff, staff.id, ["admin"])
    with pytest.raises(PermissionDenied):
        users.list_users(None)
    users.set_roles(admin, staff.id, ["user", "dpo", "bogus"])
    assert get_user_by_email(staff.email).roles == ("dpo", "user")
    with pytest.raises(ValidationError):
        users.set_roles(admin, admin.id, ["user"])


def test_unconfirmed_accounts_are_purged_after_a_week(db, smtp_server):
    registration.register(email="late@example.fr", password=GOOD)
    seed_accounts()
    assert retention.purge_unconfirmed(now=datetime.now(UTC) + timedelta(days=6)) == 0
    assert retention.purge_unconfirmed(now=datetime.now(UTC) + timedelta(days=8)) == 1
    assert get_user_by_email("late@example.fr") is None
    assert get_user_by_email("demo.user@example.com") is not None
    # through the erasure service: journalled (a restore does not bring it back) and in the audit trail
    assert [e.reason for e in journal.entries()] == ["unconfirmed"]
    assert db.query_one("SELECT count(*) FROM dsr_audit WHERE action = 'erasure'")[0] == 1
    assert db.query_one("SELECT count(*) FROM mail_outbox WHERE to_addr = 'late@example.fr'")[0] == 0


def test_activity_is_recorded_at_most_hourly(db):
    seed_accounts()
    user = get_user_by_email("demo.user@example.com")
    later = user.last_active_at + timedelta(hours=2)
    users.touch_activity(user, now=later)
    assert get_user_by_email(user.email).last_active_at == later


def test_credentials_for_one_signed_in_account_hold_only_that_account(db):
    seed_accounts()
    creds = login.credentials(only="demo.user@example.com")
    assert list(creds["usernames"]) == ["demo.user@example.com"]
    assert len(login.credentials()["usernames"]) == 4


def test_a_failed_confirmation_mail_leaves_no_account(db, monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", "1")  # nothing listens there
    from config import settings

    settings.reload_settings()
    with pytest.raises(ValidationError) as err:
        registration.register(email="nomail@example.fr", password=GOOD)
    assert err.value.key == "core.error.mail_failed"
    assert db.query_one("SELECT count(*) FROM users") == (0,)
    assert db.query_one("SELECT count(*) FROM auth_tokens") == (0,)


def test_reset_mails_are_rate_limited(db, smtp_server):
    seed_accounts()
    for _ in range(5):
        registration.request_password_reset("demo.user@example.com")
    assert len(smtp_server.to("demo.user@example.com")) == registration.RESETS_PER_HOUR


def test_secrets_are_never_empty_under_concurrency(db):
    import threading

    from config.secrets import get_secret

    seen = []
    threads = [threading.Thread(target=lambda: seen.append(get_secret("race_key"))) for _ in range(16)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(set(seen)) == 1 and len(seen[0]) >= 40


def test_a_wrong_current_password_counts_as_a_failed_login(db):
    seed_accounts({"user": GOOD})
    user = get_user_by_email("demo.user@example.com")
    for _ in range(5):
        with pytest.raises(ValidationError):
            registration.change_password(user, "wrong password!", GOOD + "2")
    assert login.is_locked(user.id)
    with pytest.raises(ValidationError):   # locked: even the right password is refused for now
        registration.change_password(user, GOOD, GOOD + "2")
