"""The HTTP side of login cookies: the hand-off route and a guard against unusable cookies.

POST /api/session (form field `token`): the login page sends the browser here with a one-time token
(accounts.sessions.issue_handoff); the answer sets, or clears, the HttpOnly login cookie and
redirects (303) to the page the visitor was going to. An unknown or used token, or a form posted
from another site, changes nothing.

LoginCookieGuard: on every page load, a login cookie that is not ours (unsigned, forged, an old JWT)
or no longer honoured (revoked, past its deadline) is deleted in the answer, so that the browser
stops sending it; the UI script treats it as absent either way.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qs

import anyio
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from accounts import sessions

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Streamlit's own assets and our API: not page loads.
_NOT_PAGES = ("/_stcore/", "/static/", "/component/", "/media/", "/api/")


def _is_https(scope: Scope) -> bool:
    return scope.get("scheme") in ("https", "wss")


def _same_origin(request: Request) -> bool:
    """The form was posted by one of our own pages: a token posted from another site (login CSRF:
    someone else's login planted in this browser) is refused. The browser's Sec-Fetch-Site says so
    (a page cannot forge it); Origin is not compared with Host, which a reverse proxy may rewrite."""
    return request.headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")


async def session_handoff(request: Request) -> Response:
    if not _same_origin(request):
        return RedirectResponse("/login", status_code=303)
    body = await request.body()
    fields = parse_qs(body[:1024].decode("latin-1")) if len(body) <= 1024 else {}
    handoff = sessions.redeem_handoff((fields.get("token") or [None])[0])
    if handoff is None:
        return RedirectResponse("/login", status_code=303)
    response = RedirectResponse(handoff.next_path, status_code=303)
    secure = _is_https(request.scope)
    header = (sessions.set_cookie_header(handoff.cookie, secure) if handoff.cookie is not None
              else sessions.clear_cookie_header(secure))
    response.headers.append("set-cookie", header)
    response.headers["cache-control"] = "no-store"
    return response


def _login_cookie(scope: Scope) -> str | None:
    raw = b"; ".join(v for k, v in scope.get("headers", []) if k.lower() == b"cookie").decode("latin-1")
    if sessions.COOKIE_NAME not in raw:
        return None
    jar = SimpleCookie()
    try:
        jar.load(raw)
    except CookieError:
        return ""  # a Cookie header the parser refuses: the login cookie in it is unusable
    morsel = jar.get(sessions.COOKIE_NAME)
    return morsel.value if morsel is not None else ""


class LoginCookieGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope.get("type") != "http" or scope.get("method") != "GET"
                or scope.get("path", "").startswith(_NOT_PAGES)):
            await self.app(scope, receive, send)
            return
        value = _login_cookie(scope)
        if value is None or await anyio.to_thread.run_sync(_honoured, value):
            await self.app(scope, receive, send)
            return
        clear = sessions.clear_cookie_header(_is_https(scope)).encode("latin-1")

        async def send_clearing(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"set-cookie", clear)]
            await send(message)

        await self.app(scope, receive, send_clearing)


def _honoured(value: str) -> bool:
    try:
        return sessions.lookup(value, touch=False) is not None
    except Exception:  # the database is not open (yet): leave the cookie to the UI's own check
        return True
