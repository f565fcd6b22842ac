"""The GPC middleware: Sec-GPC on page requests becomes a cookie the UI's WebSocket request carries."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from privacy.gpc import GpcCookieMiddleware


def _run_coroutine(coro):
    """asyncio.run in a thread of its own: a Playwright sync session may own this thread's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _app(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
    await send({"type": "http.response.body", "body": b"ok"})


def _run(scope) -> list[tuple[bytes, bytes]]:
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    _run_coroutine(GpcCookieMiddleware(_app)(scope, receive, send))
    return sent[0].get("headers", []) if sent else []


def _cookies(headers) -> list[str]:
    return [v.decode() for k, v in headers if k == b"set-cookie"]


def test_signal_sets_the_cookie():
    headers = _run({"type": "http", "headers": [(b"sec-gpc", b"1")]})
    assert _cookies(headers) == ["gpc=1; Path=/; SameSite=Lax; HttpOnly"]
    assert (b"content-type", b"text/html") in headers


def test_no_signal_clears_an_old_cookie_and_leaves_others_alone():
    cleared = _run({"type": "http", "headers": [(b"cookie", b"consent=abc; gpc=1")]})
    assert _cookies(cleared) == ["gpc=; Path=/; SameSite=Lax; HttpOnly; Max-Age=0"]
    assert _cookies(_run({"type": "http", "headers": [(b"cookie", b"consent=abc")]})) == []
    assert _cookies(_run({"type": "http", "headers": [(b"sec-gpc", b"0")]})) == []


def test_websocket_and_lifespan_pass_through():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["type"])

    for kind in ("websocket", "lifespan"):
        _run_coroutine(GpcCookieMiddleware(app)({"type": kind, "headers": [(b"sec-gpc", b"1")]}, None, None))
    assert seen == ["websocket", "lifespan"]
