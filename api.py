"""HTTP routes served beside the UI, and the start/stop hooks of the app process."""
from __future__ import annotations

import logging

from starlette.routing import Route

from accounts import http as accounts_http
from audience import app_import
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
    """Beside the UI: the login cookie hand-off (HttpOnly cookies need an HTTP answer), audience
    collection, metrics and log imports from the local CLI, one-click unsubscribe from mail clients."""
    return [Route("/api/session", accounts_http.session_handoff, methods=["POST"]),
            Route("/api/collect", audience_http.collect, methods=["POST", "OPTIONS"]),
            Route("/api/metrics", audience_http.metrics, methods=["GET"]),
            Route("/api/import-log", app_import.import_endpoint, methods=["POST"]),
            Route("/api/unsubscribe", mailing.unsubscribe_endpoint, methods=["POST"])]


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
