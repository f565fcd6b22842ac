"""POST /api/unsubscribe: the one-click unsubscribe of mail clients (RFC 8058)."""
from __future__ import annotations

from anyio import to_thread
from starlette.requests import Request
from starlette.responses import Response

from mail import subscriptions


async def unsubscribe_endpoint(request: Request) -> Response:
    """POST /api/unsubscribe: one-click unsubscribe from a mail client (RFC 8058); answers without
    revealing the address."""
    try:
        await to_thread.run_sync(subscriptions.unsubscribe, request.query_params.get("token", ""))
    except subscriptions.UnsubscribeError:
        return Response("invalid token\n", status_code=400, media_type="text/plain")
    return Response("unsubscribed\n", media_type="text/plain")
