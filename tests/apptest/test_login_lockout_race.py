"""Login lockout under concurrency (issue 15): twelve sessions submit a wrong password at the same
moment; the limit (LOGIN_MAX_FAILURES = 5) holds: at most five password checks, five failures."""
import threading

import streamlit_authenticator.models.authentication_model as auth_model

from accounts import get_user_by_email, login
from accounts.passwords import verify_password
from accounts.registration import check_login_password

SESSIONS = 12
EMAIL = "demo.user@example.com"


def failures(db) -> int:
    return db.query_one("SELECT count(*) FROM login_failures")[0]


def count_password_checks(monkeypatch) -> list[int]:
    """The real bcrypt check, counted (a spy on the library's call, not a stand-in)."""
    calls: list[int] = []
    real = auth_model.Hasher.check_pw

    def counted(password, hashed):
        calls.append(1)
        return real(password, hashed)

    monkeypatch.setattr(auth_model.Hasher, "check_pw", staticmethod(counted))
    return calls


def run_together(jobs) -> None:
    start = threading.Barrier(len(jobs))

    def go(job):
        start.wait()
        job()

    threads = [threading.Thread(target=go, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def test_twelve_sessions_at_once_get_at_most_five_password_checks(make_app, db, monkeypatch):
    sessions = []
    for _ in range(SESSIONS):
        at = make_app("anonymous")
        at.switch_page("../pages/login.py").run()
        at.text_input[0].input(EMAIL)
        at.text_input[1].input("wrong password 123")
        sessions.append(at)
    calls = count_password_checks(monkeypatch)
    run_together([lambda at=at: at.button[0].click().run(timeout=60) for at in sessions])
    assert len(calls) <= 5
    assert failures(db) == 5
    assert all(not at.exception for at in sessions)
    assert sum(bool(at.error) for at in sessions) == SESSIONS  # each told: failed, or locked


def test_concurrent_password_rechecks_respect_the_limit(make_app, db):
    user = get_user_by_email(EMAIL)
    checks: list[int] = []

    def check():
        checks.append(1)
        return verify_password("wrong password 123", "$2b$04$" + "x" * 53)

    run_together([lambda: login.attempt(user.id, check) for _ in range(SESSIONS)])
    assert len(checks) == 5 and failures(db) == 5
    assert login.is_locked(user.id)
    assert not check_login_password(user, "wrong password 123")
    assert failures(db) == 5


def test_a_success_clears_the_failures(make_app, db):
    user = get_user_by_email(EMAIL)
    assert login.attempt(user.id, lambda: False) is False
    assert failures(db) == 1
    assert login.attempt(user.id, lambda: True) is True
    assert failures(db) == 0
