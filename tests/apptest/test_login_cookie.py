"""The login cookie through the real navigation script: the login form lists a session cookie and sends
the browser to /api/session; a cookie restores the login; a revoked or forged one is absent.

AppTest cannot seed cookies: ui.context.cookie is patched to be the browser's cookie jar.
"""
from __future__ import annotations

import re

import pytest

import ui.consent as consent_ui
import ui.context
from accounts import get_user_by_email, registration, sessions
from demo.seed import seed_accounts

PASSWORD = "apptest-password-1"
FORGED_JWT = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ1c2VybmFtZSI6ImRlbW8uYWRtaW5AZXhhbXBsZS5jb20ifQ."


@pytest.fixture
def jar(monkeypatch):
    cookies: dict[str, str] = {}
    monkeypatch.setattr(ui.context, "cookie", lambda name: cookies.get(name, ""))
    return cookies


def signed_in(at) -> bool:
    return any("Connecté" in c.value for c in at.sidebar.caption)


def test_login_lists_a_session_cookie_and_hands_it_to_the_route(db, make_app, jar):
    registration.register(email="cookie@example.fr", password=PASSWORD)
    at = make_app()
    at.switch_page("../pages/login.py").run()
    at.text_input[0].input("cookie@example.fr")
    at.text_input[1].input(PASSWORD)
    # The consent cookie's component never answers in AppTest: the hand-off would wait for it.
    at.session_state[consent_ui.COOKIE_KEY] = None
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert signed_in(at), [e.value for e in at.error]
    assert db.query("SELECT kind FROM login_cookies") == [("session",)]  # no "remember me": a session cookie
    page = " ".join(str(e.proto) for e in at.get("html"))
    assert "/api/session" in page
    token = re.search(r'i\.value = \\?"([A-Za-z0-9_-]+)', page).group(1)
    handoff = sessions.redeem_handoff(token)
    assert handoff.next_path == "/" and handoff.cookie.value == at.session_state["_login_cookie"]
    assert handoff.cookie.max_age is None


def test_a_listed_cookie_logs_in_and_its_revocation_logs_out_at_the_next_run(db, make_app, jar):
    seed_accounts()
    cookie = sessions.start(get_user_by_email("demo.user@example.com").id, sessions.SESSION)
    jar[sessions.COOKIE_NAME] = cookie.value
    at = make_app()
    assert signed_in(at)
    sessions.revoke(cookie.value)  # a logout in another tab
    at.run()
    assert not signed_in(at) and not at.exception


@pytest.mark.parametrize("value", [FORGED_JWT, "garbage", sessions.sign("never-listed", "some other key")])
def test_a_forged_cookie_is_absent_without_a_traceback(db, make_app, jar, value):
    jar[sessions.COOKIE_NAME] = value
    at = make_app()
    assert not at.exception and not signed_in(at)
    at.switch_page("../pages/login.py").run()
    assert not at.exception and at.text_input  # an ordinary login form


def test_logout_revokes_the_cookie_and_sends_the_browser_to_clear_it(db, make_app, jar):
    seed_accounts()
    cookie = sessions.start(get_user_by_email("demo.user@example.com").id, sessions.SESSION)
    jar[sessions.COOKIE_NAME] = cookie.value
    at = make_app()
    at.session_state[consent_ui.COOKIE_KEY] = None
    at.button(key="_logout").click().run()
    assert not signed_in(at)
    assert sessions.lookup(cookie.value) is None
    page = " ".join(str(e.proto) for e in at.get("html"))
    token = re.search(r'i\.value = \\?"([A-Za-z0-9_-]+)', page).group(1)
    assert sessions.redeem_handoff(token).cookie is None  # the route's answer deletes the cookie
    at.run()
    assert not signed_in(at)  # the browser's (stale) copy no longer logs in
