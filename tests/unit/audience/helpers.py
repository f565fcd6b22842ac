"""Audience test helpers: settings objects, raw events, an ASGI caller."""
from __future__ import annotations

import asyncio
import dataclasses
import json
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa

from audience.config import AudienceConfig
from audience.event import raw_batch
from config.organisation import AudienceSettings, Retention

RETENTION = Retention(audience_aggregates_months=26, audience_events_months=13, visitor_key_hours=48,
                      inactive_account_months=30, inactive_warning_days=30, unconfirmed_account_days=7,
                      consent_cookie_months=6, consent_proof_years=5, contact_request_months=36)
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/120.0.0.0 Safari/537.36")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.0 Mobile/15E148 Safari/604.1")
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def make_config(retention: dict | None = None, **settings) -> AudienceConfig:
    return AudienceConfig(settings=AudienceSettings(**settings),
                          retention=dataclasses.replace(RETENTION, **(retention or {})))


def raw(**overrides) -> dict:
    row = {"site": "shop", "origin": "js", "ts": NOW, "ip": "203.0.113.7", "user_agent": CHROME,
           "url": "https://www.shop.fr/", "referrer": None, "accept_language": "fr-FR,fr;q=0.9",
           "gpc": False, "dnt": False, "consent": None, "status": None, "method": None}
    row.update(overrides)
    return row


def batch(*rows: dict):
    return raw_batch(list(rows))


class AsgiResult:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body


def call(handler, method: str = "POST", path: str = "/api/collect", body: bytes = b"",
         headers: dict[str, str] | None = None, client: str = "198.51.100.23", chunks: int = 1,
         query: str = "") -> AsgiResult:
    """Run a Starlette handler on a hand-made ASGI request (no network); a streamed answer is read whole."""
    from starlette.requests import Request

    hdrs = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {"type": "http", "method": method, "path": path, "headers": hdrs, "query_string": query.encode(),
             "client": (client, 50000), "server": ("127.0.0.1", 8501), "scheme": "http", "http_version": "1.1",
             "asgi": {"version": "3.0", "spec_version": "2.4"}}  # as uvicorn: no disconnect watch
    size = max(1, len(body) // chunks)
    parts = [body[i:i + size] for i in range(0, len(body), size)] or [b""]
    messages = [{"type": "http.request", "body": p, "more_body": i < len(parts) - 1} for i, p in enumerate(parts)]

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def run():
        response = await handler(Request(scope, receive))
        await response(scope, receive, send)

    asyncio.run(run())
    start = sent[0]
    return AsgiResult(start["status"], {k.decode(): v.decode() for k, v in start["headers"]},
                      b"".join(m.get("body", b"") for m in sent[1:]))


def beacon(site: str = "shop", url: str = "https://www.shop.fr/tarifs", **extra) -> bytes:
    return json.dumps({"s": site, "u": url, **extra}).encode()


def split_lines(data: bytes) -> pa.Array:
    """The lines of a log as one Arrow array (terminators kept: the parser ignores them), invalid UTF-8
    replaced: what the SQL parser (logs.parse_lines) reads, the tests' reference for the fast path."""
    if not data:
        return pa.array([], pa.large_string())
    ends = np.flatnonzero(np.frombuffer(data, np.uint8) == 10) + 1
    offsets = np.concatenate([[0], ends]).astype(np.int64)
    if offsets[-1] != len(data):
        offsets = np.append(offsets, len(data))
    lines = pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets.tobytes()),
                                             pa.py_buffer(data))
    try:
        lines.validate(full=True)  # UTF-8 check in C++
    except pa.ArrowInvalid:  # hostile or legacy bytes: replaced, so the line is counted, not fatal
        return split_lines(data.decode("utf-8", errors="replace").encode("utf-8"))
    return lines
