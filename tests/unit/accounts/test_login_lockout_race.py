"""Login lockout under concurrency (issue 15): twelve sessions submit a wrong password at the same
moment; the limit (LOGIN_MAX_FAILURES = 5) holds: at most five password checks, five failures.

Each session is what the login page builds (ui.auth: streamlit-authenticator with our guarded
password check, credentials read from the database when the run starts), driven from real threads
through the library's login path (AppTest sessions run concurrently in one process are not reliable)."""
import threading

import pytest
import streamlit_authenticator as stauth
import streamlit_authenticator.models.authentication_model as auth_model
from streamlit_authenticator.utilities.exceptions import LoginError

from accounts import get_user_by_email, login
from accounts.passwords import verify_password
from accounts.registration import check_login_password
from demo.seed import seed_accounts
from ui import auth as ui_auth

SESSIONS = 12
EMAIL = "demo.user@example.com"


def failures(db) -> int:
    return db.query_one("SELECT count(*) FROM login_failures")[0]


def run_together(jobs) -> list:
    start, outcomes = threading.Barrier(len(jobs)), [None] * len(jobs)

    def go(i, job):
        start.wait()
        try:
            outcomes[i] = job()
        except LoginError:
            outcomes[i] = "locked"

    threads = [threading.Thread(target=go, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def login_session() -> stauth.Authenticate:
    """One browser session's authenticator, as ui.auth.build_authenticator makes it."""
    authenticator = stauth.Authenticate(login.credentials(), cookie_name="t", cookie_key="k" * 32,
                                        cookie_expiry_days=0, auto_hash=False, login_sleep_time=0)
    ui_auth._guard_password_checks(authenticator)
    return authenticator


@pytest.fixture
def account(db):
    seed_accounts()
    return get_user_by_email(EMAIL)


def test_twelve_sessions_at_once_get_at_most_five_password_checks(account, db, monkeypatch):
    sessions = [login_session() for _ in range(SESSIONS)]  # every one read "0 failures"
    calls: list[int] = []
    real = auth_model.Hasher.check_pw

    def counted(password, hashed):  # the real bcrypt check, counted
        calls.append(1)
        return real(password, hashed)

    monkeypatch.setattr(auth_model.Hasher, "check_pw", staticmethod(counted))
    models = [s.authentication_controller.authentication_model for s in sessions]
    outcomes = run_together([lambda m=m: m.login(EMAIL, "wrong password 123", max_login_attempts=5)
                             for m in models])
    assert len(calls) <= 5
    assert failures(db) == 5
    assert sorted(map(str, outcomes)) == ["False"] * 5 + ["locked"] * 7


def test_concurrent_password_rechecks_respect_the_limit(account, db):
    checks: list[int] = []

    def check():
        checks.append(1)
        return verify_password("wrong password 123", "$2b$04$" + "x" * 53)

    run_together([lambda: login.attempt(account.id, check) for _ in range(SESSIONS)])
    assert len(checks) == 5 and failures(db) == 5
    assert login.is_locked(account.id)
    assert not check_login_password(account, "wrong password 123")
    assert failures(db) == 5


def test_a_success_clears_the_failures(account, db):
    assert login.attempt(account.id, lambda: False) is False
    assert failures(db) == 1
    assert login.attempt(account.id, lambda: True) is True
    assert failures(db) == 0
