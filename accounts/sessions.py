"""Login cookies: signed opaque session ids, listed server-side, set by the server (HttpOnly).

The cookie value is `<session id>.<HMAC-SHA256 of it>`; the database keeps only the id's SHA-256
(table login_cookies). Two kinds:
- "session": strictly necessary, no expiry date (it ends with the browser session), honoured while
  its idle deadline (organisation file, `login_session_idle_hours`) has not passed; each action
  pushes the deadline forward;
- "remember": the optional, consented cookie that lasts `remember_me_days`.
Logout, password change, disabling and erasure delete the rows, so a copy of the cookie is refused.

The browser gets the cookie from an HTTP route (web/session.py), because Streamlit's script can
only write cookies from JavaScript, which cannot set HttpOnly: the login page hands the route a
one-time token (`issue_handoff`) saying which cookie to set, or clear, and where to go next.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from accounts import store
from config.organisation import get_organisation
from config.secrets import get_secret

COOKIE_NAME = "sme_login"
SESSION, REMEMBER = "session", "remember"
HANDOFF_SECONDS = 60
_TOUCH_EVERY_SECONDS = 60  # at most one write per minute and cookie, however often pages rerun
_ID_BYTES = 32


# -- signing ----------------------------------------------------------------------------------
def _mac(session_id: str, key: str) -> str:
    digest = hmac.new(key.encode(), session_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(session_id: str, key: str) -> str:
    return f"{session_id}.{_mac(session_id, key)}"


def verify(cookie_value: object, key: str) -> str | None:
    """The session id of a cookie signed with `key`, or None for anything else (never raises)."""
    if not isinstance(cookie_value, str) or len(cookie_value) > 200 or cookie_value.count(".") != 1:
        return None
    session_id, mac = cookie_value.split(".")
    if not session_id or not session_id.isascii() or not mac.isascii():
        return None
    return session_id if hmac.compare_digest(mac, _mac(session_id, key)) else None


def _cookie_key() -> str:
    return get_secret("cookie_key")


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


# -- durations from the organisation file -------------------------------------------------------
def idle_seconds() -> int:
    return get_organisation().retention_periods()["login_session_idle_hours"][0] * 3600


def remember_seconds() -> int:
    return get_organisation().retention_periods()["remember_me_days"][0] * 86400


# -- the server-side list -----------------------------------------------------------------------
@dataclass(frozen=True)
class LoginCookie:
    value: str          # what the browser keeps
    kind: str           # SESSION or REMEMBER
    max_age: int | None  # seconds for the browser; None = a session cookie, no expiry


def start(user_id: str, kind: str, now: float | None = None) -> LoginCookie:
    """List a new login cookie for this user and return what to send to the browser."""
    if kind not in (SESSION, REMEMBER):
        raise ValueError(kind)
    now = time.time() if now is None else now
    session_id = secrets.token_urlsafe(_ID_BYTES)
    lifetime = idle_seconds() if kind == SESSION else remember_seconds()
    store.add_session(user_id, now + lifetime, _hash(session_id), kind)
    return LoginCookie(sign(session_id, _cookie_key()), kind, None if kind == SESSION else lifetime)


@dataclass(frozen=True)
class Login:
    email: str
    kind: str


def lookup(cookie_value: object, now: float | None = None, touch: bool = True) -> Login | None:
    """Whose login this cookie is, if it is signed, listed and not past its deadline; else None.

    A browser-session cookie's idle deadline moves forward (`touch`), at most once a minute."""
    session_id = verify(cookie_value, _cookie_key())
    if session_id is None:
        return None
    now = time.time() if now is None else now
    row = store.session_row(_hash(session_id), now)
    if row is None:
        return None
    email, kind, deadline = row
    if touch and kind == SESSION and deadline - now < idle_seconds() - _TOUCH_EVERY_SECONDS:
        store.touch_session(_hash(session_id), now + idle_seconds(), now)
    return Login(email, kind)


def revoke(cookie_value: object) -> None:
    """Logout: this cookie is refused from now on, wherever a copy of it is."""
    session_id = verify(cookie_value, _cookie_key())
    if session_id is not None:
        store.revoke_session(_hash(session_id))


def revoke_remembered(user_id: str) -> None:
    """Withdrawal of the "remember me" consent: every remembered login of the user ends."""
    store.revoke_remembered_sessions(user_id)


# -- one-time hand-offs to the HTTP route --------------------------------------------------------
@dataclass(frozen=True)
class Handoff:
    cookie: LoginCookie | None  # None: clear the login cookie
    next_path: str
    expires: float


_handoffs: dict[str, Handoff] = {}
_handoffs_lock = threading.Lock()


def issue_handoff(cookie: LoginCookie | None, next_path: str, now: float | None = None) -> str:
    """A single-use token (valid HANDOFF_SECONDS) for the route to set or clear the cookie, then go
    to `next_path` (made safe: a path of this site only)."""
    now = time.time() if now is None else now
    token = secrets.token_urlsafe(32)
    with _handoffs_lock:
        for stale in [k for k, h in _handoffs.items() if h.expires <= now]:
            del _handoffs[stale]
        _handoffs[token] = Handoff(cookie, safe_next(next_path), now + HANDOFF_SECONDS)
    return token


def redeem_handoff(token: object, now: float | None = None) -> Handoff | None:
    """The hand-off of a token once: a second use, an unknown or an expired token gives None."""
    if not isinstance(token, str):
        return None
    now = time.time() if now is None else now
    with _handoffs_lock:
        handoff = _handoffs.pop(token, None)
    return handoff if handoff is not None and handoff.expires > now else None


def safe_next(path: object) -> str:
    """`path` if it is a path (and query) on this site, else "/": no open redirect."""
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    if any(ord(c) < 33 or ord(c) == 127 for c in path):
        return "/"
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return "/"
    return path


# -- Set-Cookie headers ------------------------------------------------------------------------
def set_cookie_header(cookie: LoginCookie, secure: bool) -> str:
    header = f"{COOKIE_NAME}={cookie.value}; Path=/; HttpOnly; SameSite=Lax"
    if cookie.max_age is not None:
        header += f"; Max-Age={cookie.max_age}"
    return header + ("; Secure" if secure else "")


def clear_cookie_header(secure: bool) -> str:
    return f"{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + ("; Secure" if secure else "")
