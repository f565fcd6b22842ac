"""The app's own page views, recorded server-side (the navigation script calls this).

Consent rules live in the pipeline's `consent` step: measured only with consent, or, in the CNIL
consent-exempt mode, unless the visitor objected (`opted_out`, or a refusal in the banner).
"""
from __future__ import annotations

import logging
from datetime import UTC, datetime

from audience.buffer import get_buffer
from audience.sites import APP_SITE

MAX_FIELD = 2048
log = logging.getLogger(__name__)


def record_app_pageview(path: str, *, ip: str | None, user_agent: str, accept_language: str,
                        referrer: str | None, consent_granted: bool, gpc: bool, dnt: bool,
                        opted_out: bool = False) -> None:
    """Queue one page view of the app; never raises into the page (measurement is best effort)."""
    consent = "optout" if opted_out else ("granted" if consent_granted else "none")
    try:
        buffer = get_buffer()
    except Exception as exc:  # the page must render even if measurement is broken
        log.error("audience buffer unavailable (%s)", type(exc).__name__)
        return
    buffer.add({
        "site": APP_SITE, "origin": "app", "ts": datetime.now(UTC), "ip": ip,
        "user_agent": (user_agent or "")[:MAX_FIELD], "url": (path or "/")[:MAX_FIELD],
        "referrer": referrer[:MAX_FIELD] if referrer else None,
        "accept_language": (accept_language or "")[:200], "gpc": bool(gpc), "dnt": bool(dnt),
        "consent": consent,
    })
