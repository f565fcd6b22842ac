"""HTTP entry points the lead mounts in app.py (Starlette handlers) and the lifespan hooks.

    Route("/api/collect", web.collect.collect, methods=["POST", "OPTIONS"])
    Route("/api/metrics", web.collect.metrics, methods=["GET"])
    lifespan: web.collect.startup() before serving, web.collect.shutdown() after (flushes).

The collector only does cheap checks (size, JSON shape, configured site, Origin and URL host)
and queues the event: the answer (202) does not wait for the database.
"""
from __future__ import annotations

import hmac
import json
from datetime import UTC, datetime
from urllib.parse import urlsplit

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import Response

from audience import metrics as m
from audience import sites, text
from audience.buffer import get_buffer, stop_buffer
from audience.config import load_config
from audience.event import Drop
from config.secrets import get_secret

MAX_FIELD = 2048
_CORS_HEADERS = {"Access-Control-Allow-Methods": "POST, OPTIONS", "Access-Control-Allow-Headers": "Content-Type",
                 "Access-Control-Max-Age": "86400", "Vary": "Origin"}


def _reject(reason: Drop, status: int) -> Response:
    m.count_drops({reason: 1})
    return Response(status_code=status, headers={"Vary": "Origin"})


def _host_allowed(url: str | None, hosts: frozenset[str]) -> bool:
    try:
        parts = urlsplit(url or "")
        host = (parts.hostname or "").lower()
        netloc = host + (f":{parts.port}" if parts.port else "")
    except ValueError:
        return False
    return bool(host) and (host in hosts or netloc in hosts)


def _allowed_origin(origin: str | None) -> bool:
    return any(_host_allowed(origin, hosts) for hosts in sites.hosts_by_site().values())


async def read_body(request: Request, limit: int) -> bytearray | None:
    """The body, or None as soon as it exceeds `limit` (declared or sent: never buffer a huge upload)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        return None
    body = bytearray()  # grown in place: a large body is not held twice
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return body


def _payload(body: bytes) -> dict | None:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), str) or not isinstance(data.get("u"), str):
        return None
    for key in ("r", "l"):
        if data.get(key) is not None and not isinstance(data[key], str):
            return None
    if any(len(data.get(k) or "") > MAX_FIELD for k in ("s", "u", "r", "l")):
        return None
    return data


async def collect(request: Request) -> Response:
    """POST /api/collect: {"s": site, "u": page URL, "r": referrer, "l": language} -> 202."""
    origin = request.headers.get("origin")
    if request.method == "OPTIONS":  # preflight (sendBeacon with text/plain does not need one)
        if not _allowed_origin(origin):
            return Response(status_code=403)
        return Response(status_code=204, headers={"Access-Control-Allow-Origin": origin, **_CORS_HEADERS})
    buffer = get_buffer()
    body = await read_body(request, buffer.config.settings.max_payload_bytes)
    if body is None:
        return _reject(Drop.OVERSIZED, 413)
    data = _payload(body)
    if data is None:
        return _reject(Drop.INVALID, 400)
    if not all(text.encodable(data.get(key)) for key in ("s", "u", "r", "l")):
        return _reject(Drop.BAD_TEXT, 400)
    hosts = sites.hosts_by_site().get(data["s"])
    if hosts is None or data["s"] == sites.APP_SITE:  # the app records its pages server-side
        return _reject(Drop.UNKNOWN_SITE, 404)
    if not _host_allowed(origin, hosts) or not _host_allowed(data["u"], hosts):
        return _reject(Drop.FORBIDDEN_ORIGIN, 403)
    headers = request.headers
    accepted = buffer.add({
        "site": data["s"], "origin": "js", "ts": datetime.now(UTC),
        "ip": request.client.host if request.client else None,
        "user_agent": headers.get("user-agent", "")[:MAX_FIELD], "url": data["u"], "referrer": data.get("r"),
        "accept_language": (data.get("l") or headers.get("accept-language", ""))[:200],
        "gpc": headers.get("sec-gpc") == "1", "dnt": headers.get("dnt") == "1",
    })
    if not accepted:
        return Response(status_code=503, headers={"Retry-After": "5", "Vary": "Origin"})
    m.ACCEPTED.inc()
    return Response(status_code=202, headers={"Access-Control-Allow-Origin": origin, "Vary": "Origin"})


async def metrics(request: Request) -> Response:
    """GET /api/metrics with `Authorization: Bearer <metrics_token>` (Prometheus text format)."""
    given = request.headers.get("authorization", "")
    expected = "Bearer " + get_secret("metrics_token")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return Response(status_code=401, headers={"WWW-Authenticate": "Bearer"})
    m.BUFFER_DEPTH.set(get_buffer().depth())
    return Response(generate_latest(m.REGISTRY), media_type=CONTENT_TYPE_LATEST)


def startup() -> None:
    """Validate the settings (CNIL limits), start the buffer, destroy expired keys."""
    load_config()
    buffer = get_buffer()
    buffer.keys.rotate(datetime.now(UTC))


def shutdown() -> None:
    """Flush what is buffered and stop the flush thread."""
    stop_buffer()
