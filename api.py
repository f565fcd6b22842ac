"""HTTP routes served beside the UI (their handlers: web/), and the start/stop hooks of the app process."""
from __future__ import annotations

import logging

from starlette.routing import Route

from audience import app_import
from privacy import scheduler
from storage import get_db
from web import collect, log_import, unsubscribe
from web import session as session_http

log = logging.getLogger("app")


def health() -> dict:
    try:
        versions = get_db().schema_versions()  # reads both database files
    except Exception as exc:  # report, do not crash the probe
        return {"status": "error", "database": type(exc).__name__}
    return {"status": "ok", "database": "ok", "schema_version": versions}


def routes() -> list[Route]:
    """Beside the UI: the login cookie hand-off (HttpOnly cookies need an HTTP answer), audience
    collection, metrics and log imports from the local CLI, one-click unsubscribe from mail clients."""
    return [Route("/api/session", session_http.session_handoff, methods=["POST"]),
            Route("/api/collect", collect.collect, methods=["POST", "OPTIONS"]),
            Route("/api/metrics", collect.metrics, methods=["GET"]),
            Route("/api/import-log", log_import.import_endpoint, methods=["POST"]),
            Route("/api/sites", log_import.sites_endpoint, methods=["POST"]),
            Route("/api/unsubscribe", unsubscribe.unsubscribe_endpoint, methods=["POST"])]


def startup(port: int, bind_address: str | None) -> None:
    """Seed the demo (make run), start the audience buffer and the retention scheduler, then tell
    local CLIs where the app listens (they hand it their log imports while it owns the database)."""
    from config.settings import get_settings

    if get_settings().DEMO_SEED:
        from demo.seed import seed_demo

        seed_demo()
    collect.startup()
    scheduler.start_scheduler()  # replays the erasure journal before anyone is served
    app_import.publish_address(port, bind_address)


def shutdown() -> None:
    """Stop the scheduler, then flush the audience buffer (no accepted event is lost)."""
    for hook in (app_import.withdraw_address, scheduler.stop_scheduler, collect.shutdown):
        try:
            hook()
        except Exception:
            log.exception("shutdown step failed")
