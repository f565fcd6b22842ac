"""The whole dashboard in one call: key figures (+ comparison), time series, every breakdown.

The blocks are independent queries, run on a small thread pool (each on its own cursor; DuckDB
releases the GIL), so the overview costs about the slowest block rather than their sum.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from accounts import User, require
from audience.stats import store
from audience.stats.filters import GEO_DIMENSIONS, VISIT_COLUMNS, Filters
from audience.stats.periods import Period, comparison, granularity

BLOCKS = ("page", "entry", "exit", "channel", "source", "campaign", "browser", "os", "device", "language")


@dataclass
class Overview:
    site: str
    period: Period
    compare: Period | None
    grain: str
    filters: Filters
    key_figures: store.KeyFigures
    series: store.Table
    previous_series: store.Table | None
    blocks: dict[str, store.Table]
    seconds: dict[str, float] = field(default_factory=dict)  # per block, for the benchmark


def dimensions(geo: bool) -> tuple[str, ...]:
    """The breakdowns shown: network/country only with a local GeoIP/ASN database."""
    return BLOCKS + (GEO_DIMENSIONS if geo else ())


def compute(actor: User | None, site: str, period: Period, filters: Filters, *, compare_mode: str = "previous",
            grain: str | None = None, geo: bool = False, limit: int = 100, workers: int = 4) -> Overview:
    require(actor, "staff")
    compare = comparison(period, compare_mode)
    grain = grain or granularity(period)
    # Day/week/month series are sums of daily rows: their totals ARE the key figures (one query
    # less each). Hourly visitors are not additive (a visitor in two hours), hence the own query.
    own_totals = grain == "hour"
    jobs: dict = {"series": lambda: store.timeseries(actor, site, period, filters, grain)}
    if own_totals:
        jobs["key_figures"] = lambda: store.key_figures(actor, site, period, filters, compare)
    if compare is not None:
        jobs["previous_series"] = lambda: store.timeseries(actor, site, compare, filters, grain)
    dims = dimensions(geo)
    jobs["visit_blocks"] = lambda: store.visit_breakdowns(actor, site, period, filters, dims, limit) or {}
    combined = bool(filters) and set(filters.active()) <= set(VISIT_COLUMNS)
    for dim in dims:
        if not (combined and dim in VISIT_COLUMNS):
            jobs[dim] = (lambda d=dim: store.breakdown(actor, site, period, filters, d, limit))
    seconds: dict[str, float] = {}

    def timed(name: str):
        started = time.perf_counter()
        result = jobs[name]()
        seconds[name] = time.perf_counter() - started
        return result

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {name: pool.submit(timed, name) for name in jobs}
        results = {name: f.result() for name, f in futures.items()}
    series, previous = results.pop("series"), results.pop("previous_series", None)
    if own_totals:
        key_figures = results.pop("key_figures")
    else:
        key_figures = store.KeyFigures(store.figures_from_series(series),
                                         store.figures_from_series(previous) if previous else None,
                                         series.source, series.notes)
    blocks = {**results.pop("visit_blocks"), **results}
    return Overview(site=site, period=period, compare=compare, grain=grain, filters=filters,
                    key_figures=key_figures, series=series, previous_series=previous,
                    blocks={dim: blocks[dim] for dim in dims}, seconds=seconds)
