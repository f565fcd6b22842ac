"""Logging in and out: streamlit-authenticator's password form, our own login cookies.

- credentials come from DuckDB on every run (bcrypt hashes, never a YAML file);
- failures are counted in the database, so the lock survives reruns and sessions;
- the login cookie is ours (accounts.sessions): an opaque signed id, listed server-side, set by the
  server as HttpOnly through a one-time hand-off to POST /api/session, because a cookie written by
  the authenticator's JavaScript component could not be HttpOnly. Without "remember me" it is a
  session cookie (no expiry) with an idle deadline; with it (and that consent), it lasts
  `remember_me_days`. Logout, password change and disabling revoke it server-side;
- each run re-checks the cookie this session logged in with: a logout in another tab ends it;
- the authenticator's own JWT cookie is switched off (never read, never written), so a forged one
  (alg "none", bad signature...) cannot raise: any cookie that is not ours is simply absent;
- its forgot_password / e-mail / 2FA features are not used (accounts.registration does resets).
"""
from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode, urlsplit

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.models import cookie_model
from streamlit_authenticator.utilities.exceptions import LoginError

from accounts import get_user_by_email, login, sessions
from config.secrets import get_secret
from config.settings import get_settings
from ui import context
from ui.language import t


class _NoCookieManager:
    """Stands for extra_streamlit_components' CookieManager inside the authenticator's cookie model:
    the real one draws a "getAll" component on every run, whose answer reruns the script a moment
    after each page load. Our login cookie never goes through it."""

    def get(self, cookie: str) -> None:
        return None

    def set(self, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("login cookies are set by web.session")

    def delete(self, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("login cookies are deleted by web.session")


cookie_model.stx = SimpleNamespace(CookieManager=_NoCookieManager)

COOKIE_NAME = sessions.COOKIE_NAME
REMEMBER_KEY = "remember_me"
NEXT_PARAM = "next"                  # the login page's query parameter: where to go after login
_AUTH_KEY = "_authenticator"
_CREDENTIALS_KEY = "_credentials"
_COOKIE_KEY = "_login_cookie"        # the cookie value this session is logged in with
_KIND_KEY = "_login_kind"            # sessions.SESSION or sessions.REMEMBER
_REFUSED_KEY = "_login_refused"      # a cookie value already found unusable in this session
_HANDOFF_KEY = "_login_handoff"      # one-time token the browser must still take to /api/session
_STATE_KEYS = ("name", "username", "authentication_status", "email", "roles")


def build_authenticator(remember_allowed: bool) -> stauth.Authenticate:
    """One Authenticate per run (two would clash on the CookieManager key)."""
    signed_in = st.session_state.get("username") if st.session_state.get("authentication_status") else None
    creds = login.credentials(only=signed_in)
    auth = stauth.Authenticate(creds, cookie_name=COOKIE_NAME, cookie_key=get_secret("cookie_key"),
                               cookie_expiry_days=0, auto_hash=False, login_sleep_time=0)
    _guard_password_checks(auth)
    model = auth.cookie_controller.cookie_model
    model.get_cookie = lambda: None  # restore_login reads our cookie; a JWT is never decoded
    model.set_cookie = lambda: _start_login(remember_allowed)  # right after a correct password
    model.delete_cookie = lambda: None
    st.session_state[_AUTH_KEY] = auth
    st.session_state[_CREDENTIALS_KEY] = creds
    return auth


def remember_days() -> int:
    """Lifetime of the optional login cookie: a retention period, stated in the policy."""
    return sessions.remember_seconds() // 86400


def _guard_password_checks(auth: stauth.Authenticate) -> None:
    """Every password check of the login form goes through login.attempt: the lockout is decided
    in the database, atomically, so sessions submitting at the same moment cannot race past it."""
    model = auth.authentication_controller.authentication_model
    original_check = model.check_credentials

    def check_credentials(username: str, password: str) -> bool:
        user = get_user_by_email(username)
        if user is None:
            return original_check(username, password)
        result = login.attempt(user.id, lambda: original_check(username, password))
        if result is None:
            raise LoginError("Maximum number of login attempts exceeded")
        return result

    model.check_credentials = check_credentials


# -- the login cookie ---------------------------------------------------------------------------
def _start_login(remember_allowed: bool) -> None:
    user = get_user_by_email(st.session_state.get("username") or "")
    if user is None:
        return
    kind = sessions.REMEMBER if remember_allowed and st.session_state.get(REMEMBER_KEY) else sessions.SESSION
    cookie = sessions.start(user.id, kind)
    _bind(cookie.value, kind)
    _send_browser(cookie, st.query_params.get(NEXT_PARAM) or "/")


def _bind(value: str, kind: str) -> None:
    st.session_state[_COOKIE_KEY] = value
    st.session_state[_KIND_KEY] = kind


def _send_browser(cookie: sessions.LoginCookie | None, next_path: str) -> None:
    st.session_state[_HANDOFF_KEY] = sessions.issue_handoff(cookie, next_path)


def draw_pending_handoff(hold: bool = False) -> None:
    """Send the browser through POST /api/session, where the answer sets (or clears) the HttpOnly
    cookie and redirects. `hold`: another cookie is still being written by a component in this page
    (the consent's): leaving now would lose it, so wait for a later run."""
    token = st.session_state.get(_HANDOFF_KEY)
    if not token or hold:
        return
    del st.session_state[_HANDOFF_KEY]
    base = "/" + (st.get_option("server.baseUrlPath") or "").strip("/")
    action = base.rstrip("/") + "/api/session"
    st.html("<script>(() => {const f = document.createElement('form'); f.method = 'post';"
            f" f.action = {json.dumps(action)}; const i = document.createElement('input');"
            f" i.type = 'hidden'; i.name = 'token'; i.value = {json.dumps(token)};"
            " f.appendChild(i); document.body.appendChild(f); f.submit();})()</script>",
            unsafe_allow_javascript=True)


def restore_login() -> None:
    """At the start of every run: end this session's login if its cookie is no longer honoured
    (logout in another tab, idle deadline passed, account disabled), or log in from the browser's
    cookie. A cookie that is not ours, or revoked, is treated as absent (the page load's answer has
    deleted it already: web.session.LoginCookieGuard)."""
    bound = st.session_state.get(_COOKIE_KEY)
    if st.session_state.get("authentication_status"):
        if bound and sessions.lookup(bound) is None:
            _clear_login_state()
            st.session_state[_REFUSED_KEY] = bound
        return
    value = context.cookie(COOKIE_NAME)
    if not value or value in (st.session_state.get(_REFUSED_KEY), bound):
        return
    found = sessions.lookup(value)
    user = get_user_by_email(found.email) if found is not None else None
    if user is None or user.disabled:
        st.session_state[_REFUSED_KEY] = value
        return
    st.session_state.update({"name": user.display_name, "username": user.email, "email": user.email,
                             "roles": list(user.roles), "authentication_status": True})
    _bind(value, found.kind)


def _clear_login_state() -> None:
    for key in _STATE_KEYS:
        st.session_state[key] = None
    st.session_state.pop(_COOKIE_KEY, None)
    st.session_state.pop(_KIND_KEY, None)


# -- the login form -----------------------------------------------------------------------------
def render_login_form() -> None:
    """The login form of the login page, with the database-backed failure counter."""
    auth: stauth.Authenticate = st.session_state[_AUTH_KEY]
    fields = {"Form name": t("core.login.title"), "Username": t("core.field.email"),
              "Password": t("core.field.password"), "Login": t("core.login.submit")}
    try:
        auth.login(location="main", fields=fields, key="login_form",
                   max_login_attempts=get_settings().LOGIN_MAX_FAILURES)
    except LoginError:
        st.error(t("core.login.locked", minutes=get_settings().LOGIN_LOCK_MINUTES))
        return
    if st.session_state.get("authentication_status") is False:
        st.error(t("core.login.failed"))
    elif st.session_state.get("authentication_status"):
        user = get_user_by_email(st.session_state.get("username") or "")
        if user is not None:
            login.clear_failures(user.id)


def login_url(path: str, query: dict[str, list[str]]) -> str:
    """Where the login page sends the visitor back to: `/<path>?<query>`."""
    target = "/" + path.lstrip("/") + (("?" + urlencode(query, doseq=True)) if query else "")
    return sessions.safe_next(target)


# -- logout and withdrawal ----------------------------------------------------------------------
def logout() -> None:
    """Log out this session; its cookie is refused from now on (a copy too) and deleted."""
    bound = st.session_state.get(_COOKIE_KEY)
    if bound:
        sessions.revoke(bound)
        st.session_state[_REFUSED_KEY] = bound
        _send_browser(None, "/")
    _clear_login_state()
    st.session_state["logout"] = True


def forget_login() -> None:
    """Withdrawal of the "remember me" consent: no remembered login is left, here or on the server.
    A login in progress goes on with a browser-session cookie, which replaces the lasting one."""
    user = get_user_by_email(st.session_state.get("username") or "")
    st.session_state[REMEMBER_KEY] = False
    if user is None:
        return
    sessions.revoke_remembered(user.id)
    if st.session_state.get(_KIND_KEY) == sessions.REMEMBER:
        cookie = sessions.start(user.id, sessions.SESSION)
        _bind(cookie.value, sessions.SESSION)
        here = urlsplit(context.page_url()).path or "/"
        _send_browser(cookie, login_url(here, {k: st.query_params.get_all(k) for k in st.query_params}))
