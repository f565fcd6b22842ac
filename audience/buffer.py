"""In-memory collection buffer, flushed by a background thread every N seconds or N events.

A flush runs the whole pipeline on the batch (so raw IPs live only in memory, for one flush
interval; a few more for an event that makes the pipeline raise) and writes it with one bulk
insert, which also expires old data and refreshes the aggregates of the days it touched (today's
at most every `aggregate_refresh_seconds`).
If the write fails, the already anonymised batch is kept and retried at the next flush, so an
accepted event is not lost; `stop()` flushes what is left (graceful shutdown). If the pipeline
raises, the batch is split until the events that raise alone are found: the others go on, those
wait for the next flush (raw, in memory), and one that raised alone in MAX_STRIKES flushes where
others went through is dropped, counted as `unprocessable`. Every failure counts in
audience_flush_failures_total.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime

import pyarrow as pa

from audience import metrics, pipeline, sites, text
from audience.config import AudienceConfig, load_config
from audience.event import CODED_EVENT_SCHEMA, EVENT_SCHEMA, RAW_SCHEMA, Drop, Drops
from audience.keys import KeyStore
from audience.store import write_events
from storage import Database, get_db

log = logging.getLogger(__name__)
MAX_PENDING_BATCHES = 100
MAX_STRIKES = 3  # flushes in which an event raised alone while others went through, before it is dropped
MAX_ISOLATION_RUNS = 64  # pipeline runs per flush spent finding the events that raise (the rest waits)


def default_keys(db: Database, config: AudienceConfig) -> KeyStore:
    return KeyStore(db.data_dir / "secrets" / "audience_keys", keep_hours=config.retention.visitor_key_hours,
                    timezone=config.settings.timezone)


class Buffer:
    def __init__(self, db: Database, config: AudienceConfig, *, keys: KeyStore | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.db = db
        self.config = config
        self.keys = keys or default_keys(db, config)
        self.clock = clock
        self._cols: dict[str, list] = {name: [] for name in RAW_SCHEMA.names}  # columnar: cheap to convert
        self._count = 0
        self._strikes: list[int] = []  # per queued event: flushes in which it raised alone
        self._pending: list[pa.Table] = []  # anonymised batches whose write failed
        self._pending_drops = Drops()  # their drop counts per site and day (audience.daily_drops)
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._dirty: set[tuple[str, date]] = set()       # (site, day) whose aggregates are stale
        self._rebuilt: dict[tuple[str, date], float] = {}  # last recomputation (monotonic clock)

    # -- producers -------------------------------------------------------------------------
    def add(self, row: dict) -> bool:
        """Queue one raw event; False (refused, counted) when the buffer is full."""
        s = self.config.settings
        with self._lock:
            if self._count >= s.max_buffer_events:
                metrics.count_drops({"overloaded": 1})
                return False
            for name, values in self._cols.items():
                values.append(row.get(name))
            self._strikes.append(0)
            self._count += 1
            depth = self._count
        metrics.BUFFER_DEPTH.set(depth)
        if depth >= s.flush_events:
            self._wake.set()
        return True

    def depth(self) -> int:
        with self._lock:
            return self._count

    # -- the flusher -----------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="audience-buffer", daemon=True)
            self._thread.start()

    def stop(self, *, flush: bool = True) -> None:
        """Stop the thread and flush everything left (graceful shutdown)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=60)
            self._thread = None
        if flush:
            self.flush(force=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.config.settings.flush_seconds)
            self._wake.clear()
            if self._stop.is_set():
                break
            self.flush_logged()

    def flush_logged(self) -> None:
        """Flush; on failure log the error's type only (its text could quote an event's values)."""
        try:
            self.flush()
        except Exception as exc:
            log.error("audience flush failed (%s); will retry", type(exc).__name__)

    def flush(self, *, force: bool = False) -> int:
        """Process and write what is queued; return the number of events stored.

        The current day's aggregates are recomputed at most every `aggregate_refresh_seconds`
        (its cost grows with the day); other days, and every day when `force`, at once.
        """
        with self._flush_lock:
            with self._lock:
                cols, strikes, count = self._cols, self._strikes, self._count
                self._cols, self._strikes, self._count = {name: [] for name in RAW_SCHEMA.names}, [], 0
            metrics.BUFFER_DEPTH.set(self.depth())
            now = self.clock()
            try:
                self.keys.rotate(now)
                if count:
                    ctx = pipeline.Context(self.config, self.keys, now, site_hosts=sites.hosts_by_site())
                    events, drops = self._run_isolating(cols, strikes, ctx)
            except Exception:
                metrics.FLUSH_FAILURES.inc()
                self._requeue(cols, strikes, range(count))
                raise
            if count:
                del cols  # the last reference to the full addresses (but for events put back)
                metrics.count_drops(drops)
                self._pending_drops.update(drops)
                if events.num_rows:
                    self._pending.append(events)
            batch = (pa.concat_tables(self._pending).unify_dictionaries() if self._pending  # one dictionary per column
                     else EVENT_SCHEMA.empty_table())
            self._dirty.update(zip(batch["site"].to_pylist(), batch["day"].to_pylist(), strict=True))
            due = self._due(now, force)
            if not batch.num_rows and not due and not self._pending_drops.daily:
                return 0
            started = time.perf_counter()
            rebuild = pa.table({"site": pa.array([s for s, _ in due], pa.string()),
                                "day": pa.array([d for _, d in due], pa.date32())})
            try:
                stored = write_events(self.db, batch, self.config, now, rebuild=rebuild,
                                      drops=self._pending_drops)
            except Exception:
                metrics.FLUSH_FAILURES.inc()
                self._pending = [batch][-MAX_PENDING_BATCHES:]
                raise
            self._pending, self._pending_drops = [], Drops()
            self._dirty.difference_update(due)
            clock = time.monotonic()
            self._rebuilt = {k: v for k, v in self._rebuilt.items() if clock - v < 86400}
            self._rebuilt.update(dict.fromkeys(due, clock))
            metrics.FLUSH_SECONDS.observe(time.perf_counter() - started)
            metrics.LAST_FLUSH.set(time.time())
            for origin, n in _by_origin(batch).items():
                metrics.STORED.labels(origin=origin).inc(n)
            return stored

    def _run_isolating(self, cols: dict[str, list], strikes: list[int],
                       ctx: pipeline.Context) -> tuple[pa.Table, Drops]:
        """The queued events through the pipeline; if that raises, halves of the batch until the
        events that raise alone are found. Those are put back (see the module's docstring)."""
        try:
            return _process(cols, ctx)
        except Exception as exc:
            metrics.FLUSH_FAILURES.inc()
            log.error("audience pipeline failed (%s); isolating the events that raise", type(exc).__name__)
        kept, drops, alone, untried = [], Drops(), [], []
        half = len(strikes) // 2
        parts, runs = [(half, len(strikes)), (0, half)], 0
        while parts:
            lo, hi = parts.pop()
            if lo >= hi:
                continue
            if runs >= MAX_ISOLATION_RUNS:
                untried.extend(range(lo, hi))
                continue
            runs += 1
            try:
                events, dropped = _process({name: values[lo:hi] for name, values in cols.items()}, ctx)
            except Exception:
                if hi - lo == 1:
                    alone.append(lo)
                else:
                    mid = (lo + hi) // 2
                    parts += [(mid, hi), (lo, mid)]
                continue
            kept.append(events)
            drops.update(dropped)
        if kept:  # others went through: the fault is the event's, not the system's
            for i in alone:
                strikes[i] += 1
            given_up = [i for i in alone if strikes[i] >= MAX_STRIKES]
            if given_up:
                drops[Drop.UNPROCESSABLE] += len(given_up)
                log.error("audience: %d event(s) dropped after %d failed flushes", len(given_up), MAX_STRIKES)
            alone = [i for i in alone if strikes[i] < MAX_STRIKES]
        events = pa.concat_tables(kept).unify_dictionaries() if kept else CODED_EVENT_SCHEMA.empty_table()
        self._requeue(cols, strikes, sorted(alone + untried))  # last: nothing below can raise and requeue twice
        return events, drops

    def _requeue(self, cols: dict[str, list], strikes: list[int], rows) -> None:
        """Put these queued events back in front of the buffer, for the next flush."""
        rows = list(rows)
        if not rows:
            return
        with self._lock:
            for name, values in self._cols.items():
                self._cols[name] = [cols[name][i] for i in rows] + values
            self._strikes = [strikes[i] for i in rows] + self._strikes
            self._count += len(rows)
            depth = self._count
        metrics.BUFFER_DEPTH.set(depth)

    def _due(self, now: datetime, force: bool) -> list[tuple[str, date]]:
        today = self.config.local_day(now)
        every = self.config.settings.aggregate_refresh_seconds
        clock = time.monotonic()
        return sorted(k for k in self._dirty
                      if force or k[1] != today or clock - self._rebuilt.get(k, -1e18) >= every)


def _process(cols: dict[str, list], ctx: pipeline.Context) -> tuple[pa.Table, Drops]:
    """Queued columns -> the pipeline's answer. An event with text UTF-8 cannot hold (the collector
    refuses it, other producers might not) is dropped, counted as bad_text: it cannot fail the batch."""
    try:
        raw = pa.table([pa.array(cols[f.name], f.type) for f in RAW_SCHEMA], schema=RAW_SCHEMA)
        bad: set[int] = set()
    except UnicodeEncodeError:
        bad = {i for values in cols.values() for i, v in enumerate(values)
               if isinstance(v, str) and not text.encodable(v)}
        kept = {name: [v for i, v in enumerate(values) if i not in bad] for name, values in cols.items()}
        raw = pa.table([pa.array(kept[f.name], f.type) for f in RAW_SCHEMA], schema=RAW_SCHEMA)
    events, drops = pipeline.run(raw, ctx)
    if bad:
        drops[Drop.BAD_TEXT] += len(bad)
    return events, drops


def _by_origin(batch: pa.Table) -> dict[str, int]:
    counts = batch.group_by("origin").aggregate([("origin", "count")]).to_pylist()
    return {c["origin"]: c["origin_count"] for c in counts}


_buffer: Buffer | None = None
_buffer_lock = threading.Lock()


def get_buffer() -> Buffer:
    """The process's buffer (started on first use)."""
    global _buffer
    with _buffer_lock:
        db = get_db()
        if _buffer is not None and _buffer.db is not db:  # the process database was replaced (tests)
            _buffer.stop(flush=False)
            _buffer = None
        if _buffer is None:
            _buffer = Buffer(db, load_config())
            _buffer.start()
        return _buffer


def stop_buffer() -> None:
    global _buffer
    with _buffer_lock:
        if _buffer is not None:
            try:
                _buffer.stop()
            finally:
                _buffer = None
