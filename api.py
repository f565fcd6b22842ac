"""HTTP routes served beside the UI, and the start/stop hooks of the app process."""
from __future__ import annotations

import logging

from starlette.routing import Route

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
    out: list[Route] = []
    try:
        from audience import http as audience_http
    except ImportError:  # pragma: no cover - audience package not installed yet
        return out
    out.append(Route("/api/collect", audience_http.collect, methods=["POST", "OPTIONS"]))
    out.append(Route("/api/metrics", audience_http.metrics, methods=["GET"]))
    return out


def startup() -> None:
    from config.settings import get_settings

    if get_settings().DEMO_SEED:
        from demo.seed import seed_demo

        seed_demo()
    for hook in _hooks("startup"):
        hook()


def shutdown() -> None:
    for hook in reversed(_hooks("shutdown")):
        try:
            hook()
        except Exception:
            log.exception("shutdown hook failed")


def _hooks(name: str) -> list:
    hooks = []
    try:
        from audience import http as audience_http
        hooks.append(getattr(audience_http, name))
    except (ImportError, AttributeError):
        pass
    try:
        from privacy import scheduler
        hooks.append({"startup": scheduler.start_scheduler, "shutdown": scheduler.stop_scheduler}[name])
    except (ImportError, AttributeError):
        pass
    return hooks
