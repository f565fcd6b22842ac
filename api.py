"""HTTP routes served beside the UI, and the start/stop hooks of the app process."""
from __future__ import annotations

import logging

from starlette.routing import Route

from audience import http as audience_http
from privacy import mailing, scheduler
from storage import get_db

log = logging.getLogger("app")


def health() -> dict:
    try:
        versions = get_db().schema_versions()
        get_db().query("SELECT 1")
    except Exception as exc:  # report, do not crash the probe
        return {"status": "error", "database": type(exc).__name__}
    return {"status": "ok", "database": "ok", "schema_version": versions}


def routes() -> list[Route]:
    """Beside the UI: audience collection and metrics, one-click unsubscribe from mail clients."""
    return [Route("/api/collect", audience_http.collect, methods=["POST", "OPTIONS"]),
            Route("/api/metrics", audience_http.metrics, methods=["GET"]),
            Route("/api/unsubscribe", mailing.unsubscribe_endpoint, methods=["POST"])]


def startup() -> None:
    """Seed the demo (make run), then start the audience buffer and the retention scheduler."""
    from config.settings import get_settings

    if get_settings().DEMO_SEED:
        from demo.seed import seed_demo

        seed_demo()
    audience_http.startup()
    scheduler.start_scheduler()  # replays the erasure journal before anyone is served


def shutdown() -> None:
    """Stop the scheduler, then flush the audience buffer (no accepted event is lost)."""
    for hook in (scheduler.stop_scheduler, audience_http.shutdown):
        try:
            hook()
        except Exception:
            log.exception("shutdown step failed")
