"""streamlit-authenticator, with the weaknesses noted in the reference closed.

- credentials come from DuckDB on every run (bcrypt hashes, never a YAML file);
- failures are counted in the database, so the lock survives reruns and sessions;
- login cookies are signed with a key generated on first run (data/secrets), and honoured only
  while listed in login_cookies: logout and password change revoke them server-side;
- the cookie is set only when "remember me" is ticked (and that consent category is granted);
- its forgot_password / e-mail / 2FA features are not used (accounts.registration does resets).
"""
from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

import streamlit as st
import streamlit_authenticator as stauth
from extra_streamlit_components.CookieManager import _component_func as cookie_component
from streamlit_authenticator.models import cookie_model
from streamlit_authenticator.utilities.exceptions import LoginError

from accounts import get_user_by_email, login
from config.organisation import get_organisation
from config.secrets import get_secret
from config.settings import get_settings
from ui import context
from ui.language import t


class _NoCookieManager:
    """Stands for extra_streamlit_components' CookieManager inside the authenticator's cookie model.

    The real one draws a "getAll" component on every run, whose answer reruns the script a moment
    after each page load: a click in that moment (the consent banner's, say) was sometimes lost. The
    model reads the cookie from st.context.cookies anyway, and _guard_cookies below writes and deletes
    it through our own component calls, so nothing of the real manager is used."""

    def get(self, cookie: str) -> None:
        return None

    def set(self, *args: Any, **kwargs: Any) -> None:  # replaced by _guard_cookies' set_cookie
        raise RuntimeError("login cookies are written by ui.auth")

    def delete(self, *args: Any, **kwargs: Any) -> None:  # replaced by _guard_cookies' delete_cookie
        raise RuntimeError("login cookies are deleted by ui.auth")


cookie_model.stx = SimpleNamespace(CookieManager=_NoCookieManager)

COOKIE_NAME = "sme_login"
_AUTH_KEY = "_authenticator"
_CREDENTIALS_KEY = "_credentials"
REMEMBER_KEY = "remember_me"
_PENDING_KEY = "_login_cookie_ops"  # cookie writes/deletes not yet confirmed by the browser


def build_authenticator(remember_allowed: bool) -> stauth.Authenticate:
    """One Authenticate per run (two would clash on the CookieManager key)."""
    signed_in = st.session_state.get("username") if st.session_state.get("authentication_status") else None
    creds = login.credentials(only=signed_in)
    remember = remember_allowed and bool(st.session_state.get(REMEMBER_KEY))
    auth = stauth.Authenticate(creds, cookie_name=COOKIE_NAME, cookie_key=get_secret("cookie_key"),
                               cookie_expiry_days=remember_days() if remember else 0,
                               auto_hash=False, login_sleep_time=0)
    _guard_cookies(auth)
    _guard_password_checks(auth)
    _apply_pending_cookie_ops()
    st.session_state[_AUTH_KEY] = auth
    st.session_state[_CREDENTIALS_KEY] = creds
    return auth


def remember_days() -> int:
    """Lifetime of the optional login cookie: a retention period, stated in the policy."""
    return get_organisation().retention_periods()["remember_me_days"][0]


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


def _guard_cookies(auth: stauth.Authenticate) -> None:
    model = auth.cookie_controller.cookie_model
    original_get = model.get_cookie

    def get_cookie() -> dict[str, Any] | None:
        token = original_get()
        if not token or not isinstance(token, dict):
            return None
        if not login.cookie_is_valid(token.get("username", ""), token.get("exp_date", 0)):
            return None  # revoked, expired, or the account is disabled
        st.session_state["_cookie_exp"] = token["exp_date"]
        return token

    def set_cookie() -> None:
        user = get_user_by_email(st.session_state.get("username") or "")
        if not model.cookie_expiry_days or user is None:
            return  # "remember me" not ticked: no cookie at all
        model.exp_date = model._set_exp_date()
        login.remember_cookie(user.id, model.exp_date)
        st.session_state["_cookie_exp"] = model.exp_date
        expires = datetime.fromtimestamp(model.exp_date).isoformat()
        options = {"path": "/", "expires": expires, "sameSite": "strict"}
        if context.page_url().startswith("https://"):
            options["secure"] = True
        _queue_cookie_op({"method": "set", "cookie": COOKIE_NAME, "value": model._token_encode(),
                          "options": options})

    def delete_cookie() -> None:
        _queue_cookie_op({"method": "delete", "cookie": COOKIE_NAME})

    model.get_cookie, model.set_cookie, model.delete_cookie = get_cookie, set_cookie, delete_cookie


def _queue_cookie_op(op: dict[str, Any]) -> None:
    """The login page reruns right after a login: a cookie component drawn in that run would be
    discarded before the browser ran it. Ops are drawn on every run until the browser confirms."""
    ops = [o for o in st.session_state.get(_PENDING_KEY, []) if o["cookie"] != op["cookie"]]
    st.session_state[_PENDING_KEY] = [*ops, op]


def _apply_pending_cookie_ops() -> None:
    remaining = []
    for op in st.session_state.get(_PENDING_KEY, []):
        key = f"login_cookie_{op['method']}_{str(op.get('value', ''))[-12:]}"
        if cookie_component(**op, key=key, default=False) is not True:
            remaining.append(op)
    st.session_state[_PENDING_KEY] = remaining


def restore_from_cookie(auth: stauth.Authenticate) -> None:
    """Log in from a valid remembered cookie, without drawing anything."""
    if not st.session_state.get("authentication_status"):
        try:
            auth.login(location="unrendered")
        except LoginError:
            st.session_state["authentication_status"] = None


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


def logout() -> None:
    """Log out this session and revoke its login cookie on the server too."""
    user = get_user_by_email(st.session_state.get("username") or "")
    if user is not None and st.session_state.get("_cookie_exp"):
        login.revoke_cookie(user.id, st.session_state["_cookie_exp"])
    auth: stauth.Authenticate | None = st.session_state.get(_AUTH_KEY)
    if auth is not None and st.session_state.get("authentication_status"):
        auth.logout(location="unrendered")
    st.session_state.pop("_cookie_exp", None)


def forget_login() -> None:
    """Withdrawal of the "remember me" consent: drop the login cookie here and on the server."""
    user = get_user_by_email(st.session_state.get("username") or "")
    if user is not None:
        login.revoke_cookie(user.id)
    auth: stauth.Authenticate | None = st.session_state.get(_AUTH_KEY)
    if auth is not None:
        auth.cookie_controller.delete_cookie()
    st.session_state[REMEMBER_KEY] = False
    st.session_state.pop("_cookie_exp", None)
