"""The daily aggregates (daily_dimensions, daily_visits, daily_pages) of some (site, day) pairs,
recomputed from all the page views of those days: visits.py splits them into visits, then each
table is a group-by on integer codes (grouping.py); strings come back only for the result rows.

Column meanings: audience/__init__.py. Every row counts its distinct visitors; daily_dimensions'
page rows count the visits that saw the page, the bounces on it and the time on it; daily_pages'
entries and exits count the visits that began or ended there.
"""
from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import pyarrow as pa

from audience.event import repeated
from audience.grouping import Coded, combined_key, dense_ids, group_totals
from audience.visits import DIMENSION_COLUMNS, Visits, split_visits

AGGREGATES = ("daily_dimensions", "daily_visits", "daily_pages")
_HOURS = pa.array([f"{hour:02d}" for hour in range(24)])
_TOTALS = ("visitors", "visits", "pageviews", "bounces", "duration_s")  # group_totals' columns, in order


class DailyRebuild:
    """Replaces the aggregates of the (site, day) pairs `days` by those of `events`, which must hold
    every page view of those days (and no other): `with DailyRebuild(...) as r: ...; r.results()`
    (audience.store writes them).

    The rows are computed on a worker thread from the start of the `with` block (numpy, numba and
    Arrow release the GIL), so the caller's statements in between (the batch's insert) overlap them;
    `results` then yields each table as soon as it is ready, daily_pages (the largest) first.
    """

    def __init__(self, days: pa.Table, events: pa.Table, *, session_minutes: int, timezone: str) -> None:
        self.days = days
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="audience-daily")
        self._tables: list[tuple[str, Future[pa.Table]]] = []
        if days.num_rows and events.num_rows:
            rows = self._pool.submit(lambda: _DailyRows(split_visits(events, session_minutes=session_minutes,
                                                                     timezone=timezone)))
            for table in ("daily_pages", "daily_visits", "daily_dimensions"):
                self._tables.append((table, self._pool.submit(lambda t=table: getattr(rows.result(), t)())))

    def __enter__(self) -> DailyRebuild:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def results(self) -> Iterator[tuple[str, pa.Table]]:
        """(table, rows) of each aggregate table, as each is computed."""
        for table, future in self._tables:
            yield table, future.result()


class _DailyRows:
    """The rows of each table (method named after it), from the arrays of the visits."""

    def __init__(self, visits: Visits) -> None:
        self.visits = visits
        first = visits.first_hit
        # Per visit:
        self.day = visits.hit_day[first]
        self.visitor = visits.hit_visitor[first]
        self.number = np.arange(len(first))
        self.pageviews = visits.pageviews
        self.bounce = (self.pageviews == 1).astype(np.int64)
        self.entry = visits.path.take(first)
        self.exit = visits.path.take(visits.last_hit)
        # One number per combination of day and visit dimensions (shared by daily_visits and daily_pages).
        self.profile = dense_ids(combined_key([(self.day, visits.days.num_rows),
                                               *((c.codes, len(c.values)) for c in visits.dimensions.values())]))[0]

    def daily_dimensions(self) -> pa.Table:
        """One row per (site, day, dimension, value): visit dimensions, then pages."""
        v = self.visits
        parts = [self._dimension("total", None), self._dimension("hour", Coded(v.hour, _HOURS)),
                 self._dimension("entry", self.entry), self._dimension("exit", self.exit),
                 *(self._dimension(DIMENSION_COLUMNS[name], coded) for name, coded in v.dimensions.items())]
        ids, first = dense_ids(combined_key([(v.hit_day, v.days.num_rows), (v.path.codes, len(v.path.values))]))
        totals = group_totals(ids, len(first), v.hit_visitor, v.hit_visit, np.ones(len(ids), np.int64),
                              self.bounce[v.hit_visit], v.time_on_page)
        parts.append(self._rows(v.hit_day[first], totals, _TOTALS, dimension="page",
                                value=v.path.decode(v.path.codes[first])))
        return pa.concat_tables(parts)

    def _dimension(self, dimension: str, coded: Coded | None) -> pa.Table:
        """The rows of one visit dimension (None: the day's total)."""
        parts = [(self.day, self.visits.days.num_rows)] + ([(coded.codes, len(coded.values))] if coded else [])
        ids, first = dense_ids(combined_key(parts))
        totals = group_totals(ids, len(first), self.visitor, self.number, self.pageviews, self.bounce,
                              self.visits.duration_s)
        value = coded.decode(coded.codes[first]) if coded else ""
        return self._rows(self.day[first], totals, _TOTALS, dimension=dimension, value=value)

    def daily_visits(self) -> pa.Table:
        """One row per (site, day, entry page, exit page, visit dimensions)."""
        ids, first = dense_ids(combined_key([(self.profile, len(self.profile)),
                                             (self.entry.codes, len(self.entry.values)),
                                             (self.exit.codes, len(self.exit.values))]))
        totals = group_totals(ids, len(first), self.visitor, self.number, self.pageviews, self.bounce,
                              self.visits.duration_s)
        return self._rows(self.day[first], totals, _TOTALS, entry_page=self.entry.decode(self.entry.codes[first]),
                          exit_page=self.exit.decode(self.exit.codes[first]), **self._dimension_columns(first))

    def daily_pages(self) -> pa.Table:
        """One row per (site, day, path, visit dimensions)."""
        v = self.visits
        visit = v.hit_visit
        ids, first_hit = dense_ids(combined_key([(self.profile[visit], len(self.profile)),
                                                 (v.path.codes, len(v.path.values))]))
        hit = np.arange(len(visit))
        totals = group_totals(ids, len(first_hit), v.hit_visitor, visit, np.ones(len(visit), np.int64),
                              (hit == v.first_hit[visit]).astype(np.int64),
                              (hit == v.last_hit[visit]).astype(np.int64))
        first = visit[first_hit]  # a visit of each row (all the row's visits share its dimensions)
        return self._rows(self.day[first], totals, ("visitors", None, "pageviews", "entries", "exits"),
                          path=v.path.decode(v.path.codes[first_hit]), **self._dimension_columns(first))

    def _dimension_columns(self, visits: np.ndarray) -> dict[str, pa.Array]:
        return {DIMENSION_COLUMNS[name]: coded.decode(coded.codes[visits])
                for name, coded in self.visits.dimensions.items()}

    def _rows(self, day_rows: np.ndarray, totals: np.ndarray, names: tuple[str | None, ...],
              **columns: pa.Array | str) -> pa.Table:
        """site and day, the given columns (a str: the same on every row), then the totals (None: skipped)."""
        days = self.visits.days.take(day_rows)
        out = {"site": days["site"], "day": days["day"]}
        for name, values in columns.items():
            out[name] = repeated(values, len(day_rows)) if isinstance(values, str) else values
        out.update({name: totals[:, i] for i, name in enumerate(names) if name is not None})
        return pa.table(out)

