"""Global Privacy Control reaches the UI script through a first-party cookie.

Streamlit only shows the script the headers of its WebSocket request, and browsers do not all send
`Sec-GPC` there (Chromium-based ones add it to page and asset requests only). This ASGI middleware
turns the header seen on ordinary HTTP requests into a cookie `gpc=1`, which the WebSocket request
then carries; without the header the cookie is removed, so switching GPC off is honoured too.
The cookie stores a refusal only: it is strictly necessary and needs no consent.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

COOKIE_NAME = "gpc"
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def _has_cookie(scope: Scope) -> bool:
    jar = SimpleCookie()
    try:
        jar.load(_header(scope, b"cookie"))
    except Exception:  # a malformed Cookie header: treat as absent
        return False
    return COOKIE_NAME in jar


class GpcCookieMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        signal = _header(scope, b"sec-gpc").strip() == "1"
        if signal:
            cookie = f"{COOKIE_NAME}=1; Path=/; SameSite=Lax; HttpOnly"
        elif _has_cookie(scope):
            cookie = f"{COOKIE_NAME}=; Path=/; SameSite=Lax; HttpOnly; Max-Age=0"
        else:
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"set-cookie", cookie.encode("latin-1"))]
            await send(message)

        await self.app(scope, receive, send_with_cookie)
