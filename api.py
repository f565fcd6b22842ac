"""HTTP routes served beside the UI, and the start/stop hooks of the app process."""
from __future__ import annotations

import logging

from anyio import to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from audience import app_import
from audience import http as audience_http
from mail import subscriptions
from privacy import scheduler
from storage import get_db

log = logging.getLogger("app")


def health() -> dict:
    try:
        versions = get_db().schema_versions()  # reads both database files
    except Exception as exc:  # report, do not crash the probe
        return {"status": "error", "database": type(exc).__name__}
    return {"status": "ok", "database": "ok", "schema_version": versions}


async def unsubscribe_endpoint(request: Request) -> Response:
    """POST /api/unsubscribe: one-click unsubscribe from a mail client (RFC 8058); answers without
    revealing the address."""
    try:
        await to_thread.run_sync(subscriptions.unsubscribe, request.query_params.get("token", ""))
    except subscriptions.UnsubscribeError:
        return Response("invalid token\n", status_code=400, media_type="text/plain")
    return Response("unsubscribed\n", media_type="text/plain")


def routes() -> list[Route]:
    """Beside the UI: audience collection, metrics and log imports from the local CLI, one-click
    unsubscribe from mail clients."""
    return [Route("/api/collect", audience_http.collect, methods=["POST", "OPTIONS"]),
            Route("/api/metrics", audience_http.metrics, methods=["GET"]),
            Route("/api/import-log", app_import.import_endpoint, methods=["POST"]),
            Route("/api/unsubscribe", unsubscribe_endpoint, methods=["POST"])]


def startup(port: int, bind_address: str | None) -> None:
    """Seed the demo (make run), start the audience buffer and the retention scheduler, then tell
    local CLIs where the app listens (they hand it their log imports while it owns the database)."""
    from config.settings import get_settings

    if get_settings().DEMO_SEED:
        from demo.seed import seed_demo

        seed_demo()
    audience_http.startup()
    scheduler.start_scheduler()  # replays the erasure journal before anyone is served
    app_import.publish_address(port, bind_address)


def shutdown() -> None:
    """Stop the scheduler, then flush the audience buffer (no accepted event is lost)."""
    for hook in (app_import.withdraw_address, scheduler.stop_scheduler, audience_http.shutdown):
        try:
            hook()
        except Exception:
            log.exception("shutdown step failed")
