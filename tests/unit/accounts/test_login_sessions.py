"""Login cookies: signing, the server-side list, idle deadline, hand-offs, and the HTTP side (the hand-off
route, the guard against unusable cookies, the redirect of URLs that name no page)."""
from __future__ import annotations

import asyncio
import base64
import json
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from starlette.routing import Route

from accounts import get_user_by_email, sessions
from demo.seed import seed_accounts
from web.session import LoginCookieGuard, session_handoff

KEY = "k" * 43


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


ALG_NONE_JWT = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64({'username': 'demo.admin@example.com', 'exp_date': 9e9})}."


def test_a_signed_value_verifies_and_any_change_does_not():
    value = sessions.sign("abc", KEY)
    assert sessions.verify(value, KEY) == "abc"
    assert sessions.verify(value, "other key") is None
    session_id, mac = value.split(".")
    assert sessions.verify(f"abd.{mac}", KEY) is None
    assert sessions.verify(f"{session_id}.{mac[:-1]}A", KEY) is None


@pytest.mark.parametrize("junk", ["", ".", "abc", "a.b.c", ALG_NONE_JWT, "é.é", "x" * 500, None, 12,
                                  "\udfff.abc", "abc."])
def test_undecodable_values_are_refused_without_raising(junk):
    assert sessions.verify(junk, KEY) is None


@pytest.fixture
def user(db):
    seed_accounts()
    return get_user_by_email("demo.user@example.com")


def test_a_session_cookie_is_listed_hashed_and_has_no_expiry(db, user):
    cookie = sessions.start(user.id, sessions.SESSION)
    assert cookie.max_age is None and cookie.kind == sessions.SESSION
    assert sessions.lookup(cookie.value) == sessions.Login(user.email, sessions.SESSION)
    session_id = cookie.value.split(".")[0]
    stored = db.query_one("SELECT session_hash, kind FROM login_cookies")
    assert stored[1] == "session" and session_id not in stored[0]  # only the hash is kept


def test_a_remembered_cookie_lasts_the_stated_days(db, user):
    cookie = sessions.start(user.id, sessions.REMEMBER)
    assert cookie.max_age == 365 * 86400
    header = sessions.set_cookie_header(cookie, secure=True)
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" in header and "Max-Age=31536000" in header


def test_the_session_cookie_ends_after_the_idle_time_unless_used(db, user):
    idle = sessions.idle_seconds()
    assert idle == 2 * 3600  # privacy/organisation.toml: login_session_idle_hours
    now = time.time()
    cookie = sessions.start(user.id, sessions.SESSION, now=now)
    assert sessions.lookup(cookie.value, now=now + idle - 10) is not None  # used: pushed forward
    assert sessions.lookup(cookie.value, now=now + idle + 10) is not None
    assert sessions.lookup(cookie.value, now=now + 2 * idle + 10) is None  # idle too long


def test_revoke_refuses_every_copy_and_withdrawal_ends_remembered_logins(db, user):
    first, second = sessions.start(user.id, sessions.SESSION), sessions.start(user.id, sessions.REMEMBER)
    sessions.revoke(first.value)
    assert sessions.lookup(first.value) is None and sessions.lookup(second.value) is not None
    sessions.revoke_remembered(user.id)
    assert sessions.lookup(second.value) is None


def test_a_well_signed_value_not_listed_is_refused(db, user):
    assert sessions.lookup(sessions.sign("never-issued", sessions._cookie_key())) is None


def test_a_handoff_is_single_use_and_short_lived():
    token = sessions.issue_handoff(None, "/audience?site=a")
    handoff = sessions.redeem_handoff(token)
    assert handoff is not None and handoff.next_path == "/audience?site=a"
    assert sessions.redeem_handoff(token) is None
    late = sessions.issue_handoff(None, "/", now=time.time() - sessions.HANDOFF_SECONDS - 1)
    assert sessions.redeem_handoff(late) is None
    assert sessions.redeem_handoff("made-up") is None and sessions.redeem_handoff(None) is None


@pytest.mark.parametrize("path,safe", [("/audience?site=a&period=30d", "/audience?site=a&period=30d"),
                                       ("https://evil.example/", "/"), ("//evil.example/x", "/"),
                                       ("/\\evil.example", "/"), ("audience", "/"), ("/a\nb", "/"),
                                       (None, "/"), ("/", "/")])
def test_next_is_a_path_of_this_site_only(path, safe):
    assert sessions.safe_next(path) == safe


def _call(app, method: str, path: str, *, body: bytes = b"", cookie: str = "", scheme: str = "http",
          extra: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    """One HTTP request through an ASGI app (asyncio.run in a thread of its own: a Playwright sync
    session may own this thread's loop)."""
    headers = [(b"content-type", b"application/x-www-form-urlencoded")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": headers, "scheme": scheme, "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1),
             "root_path": "", "http_version": "1.1", "asgi": {"version": "3.0"}}
    sent: list[dict] = []
    chunks = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        return chunks.pop(0) if chunks else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], {k.decode(): v.decode() for k, v in start.get("headers", [])}


async def _page(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
    await send({"type": "http.response.body", "body": b"page"})


def _post_handoff(token: str, scheme: str = "http", **headers: str) -> tuple[int, dict[str, str]]:
    return _call(Route("/api/session", session_handoff, methods=["POST"]), "POST", "/api/session",
                 body=urlencode({"token": token}).encode(), scheme=scheme,
                 extra={"host": "app.example", **{k.replace("_", "-"): v for k, v in headers.items()}})


def test_the_route_sets_an_httponly_session_cookie_then_redirects(db, user):
    cookie = sessions.start(user.id, sessions.SESSION)
    token = sessions.issue_handoff(cookie, "/audience?site=a&period=30d")
    status, headers = _post_handoff(token)
    assert status == 303 and headers["location"] == "/audience?site=a&period=30d"
    header = headers["set-cookie"]
    assert header.startswith(f"sme_login={cookie.value};") and "HttpOnly" in header
    assert "SameSite=Lax" in header and "Max-Age" not in header and "expires" not in header.lower()
    status, again = _post_handoff(token)  # used already
    assert again["location"] == "/login" and "set-cookie" not in again


def test_a_token_posted_from_another_site_sets_nothing(db, user):
    cookie = sessions.start(user.id, sessions.SESSION)
    for headers in ({"sec_fetch_site": "cross-site"}, {"sec_fetch_site": "same-site"}):
        status, answer = _post_handoff(sessions.issue_handoff(cookie, "/"), **headers)
        assert status == 303 and answer["location"] == "/login" and "set-cookie" not in answer
    _, ours = _post_handoff(sessions.issue_handoff(cookie, "/"), origin="http://app.example",
                            sec_fetch_site="same-origin")
    assert ours["set-cookie"].startswith("sme_login=")


def test_over_https_the_cookie_is_secure(db, user):
    cookie = sessions.start(user.id, sessions.REMEMBER)
    _, headers = _post_handoff(sessions.issue_handoff(cookie, "/"), scheme="https")
    assert headers["set-cookie"].endswith("; Secure") and "Max-Age=31536000" in headers["set-cookie"]
    _, plain = _post_handoff(sessions.issue_handoff(cookie, "/"))
    assert "Secure" not in plain["set-cookie"]


def test_the_route_clears_the_cookie_on_a_logout_handoff(db):
    token = sessions.issue_handoff(None, "/")
    _, headers = _post_handoff(token)
    assert headers["set-cookie"].startswith("sme_login=;") and "Max-Age=0" in headers["set-cookie"]


@pytest.mark.parametrize("bad", [ALG_NONE_JWT, "garbage", "x.y"])
def test_a_page_load_deletes_a_cookie_that_is_not_ours(db, bad):
    status, headers = _call(LoginCookieGuard(_page), "GET", "/audience", cookie=f"sme_login={bad}")
    assert status == 200 and "Max-Age=0" in headers["set-cookie"]


def test_a_page_load_keeps_a_good_cookie_and_deletes_a_revoked_one(db, user):
    cookie = sessions.start(user.id, sessions.SESSION)
    guarded = LoginCookieGuard(_page)
    assert "set-cookie" not in _call(guarded, "GET", "/", cookie=f"sme_login={cookie.value}")[1]
    sessions.revoke(cookie.value)
    assert "Max-Age=0" in _call(guarded, "GET", "/", cookie=f"sme_login={cookie.value}")[1]["set-cookie"]
    assert "set-cookie" not in _call(guarded, "GET", "/static/js/x.js", cookie=f"sme_login={cookie.value}")[1]


@pytest.mark.parametrize("base,path,location", [
    ("", "/no_such_page", "/page_not_found"), ("", "/audience", None), ("", "/", None),
    ("", "/static/js/x.js", None), ("", "/favicon.png", None), ("", "/_stcore/health", None),
    ("app", "/app/nope", "/app/page_not_found"), ("app", "/app/login", None), ("app", "/app", None)])
def test_a_url_naming_no_page_goes_to_our_page_not_found(base, path, location):
    from web.pages import UnknownPageRedirect

    status, headers = _call(UnknownPageRedirect(_page, base_path=lambda: base), "GET", path)
    assert (headers.get("location"), status) == ((location, 307) if location else (None, 200))
