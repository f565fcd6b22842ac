"""The retention scheduler: a daemon thread inside the app process (one process owns DuckDB).

    start_scheduler()   app start-up: replays the erasure journal (a restored backup never serves an
                        erased person), then runs the jobs daily
    stop_scheduler()    shutdown
    run_now(actor)      the DPO's button
"""
from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

from accounts import User, require
from privacy import erasure, retention, store_retention

log = logging.getLogger(__name__)
INTERVAL = timedelta(days=1)
_run_lock = threading.Lock()   # one run at a time, whoever triggers it
_stop = threading.Event()
_thread: threading.Thread | None = None


def start_scheduler() -> None:
    global _thread
    erasure.replay_journal()
    if _thread is not None and _thread.is_alive():
        return
    _stop.clear()
    _thread = threading.Thread(target=_loop, name="retention-scheduler", daemon=True)
    _thread.start()


def stop_scheduler(timeout: float = 10.0) -> None:
    global _thread
    _stop.set()
    if _thread is not None:
        _thread.join(timeout)
        _thread = None


def run_now(actor: User | None) -> list[retention.JobResult]:
    require(actor, "dpo")
    with _run_lock:
        return retention.run_all(str(actor.id), "manual")


def seconds_until_due(now: datetime | None = None) -> float:
    """0 when the last scheduled run is older than a day (or never happened)."""
    now = now or datetime.now(UTC)
    last = store_retention.last_scheduled_run()
    if last is None:
        return 0.0
    return max(0.0, (last + INTERVAL - now).total_seconds())


def _loop() -> None:
    while not _stop.is_set():
        try:
            wait = seconds_until_due()
            if wait <= 0:
                with _run_lock:
                    retention.run_all(None, "schedule")
                continue
        except Exception:   # a broken run is logged; the thread keeps going and retries in an hour
            log.exception("retention run failed")
            wait = 3600
        _stop.wait(min(wait, 3600))
