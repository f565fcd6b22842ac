"""One function per dashboard block. Staff only: each checks `accounts.require(actor, "staff")`.

Where the figures come from depends on the filters (the cheapest table that answers exactly):

* no filter, or one filter -> `daily_dimensions` (exact daily unique visitors);
* visit-dimension filters (entry, exit, channel, source, campaign, browser, os, device,
  language, country, network) -> `daily_visits`;
* page + other filters -> `daily_pages` (visitors and page views only: no visit count there);
* anything else (e.g. hours with a filter, entry pages of visits that saw a page) -> the raw
  events, rebuilt into visits, for periods of at most RAW_MAX_DAYS within the raw-event
  retention; otherwise daily_pages when it can answer, else the block says it is not available.

Visitors over several days are sums of daily unique visitors (daily keys: nobody can link two
days). Through daily_visits/daily_pages a visitor counts once per combination of dimensions, so
several combinations make it an upper bound (`Table.note`).
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pandas as pd

from accounts import User, require
from audience import store_sites, visits
from audience.config import AudienceConfig, load_config
from audience.stats.filters import PAGE_COLUMNS, VISIT_COLUMNS, Filters
from audience.stats.periods import Period, bucket_start, granularity
from audience.stats.raw import register_visits
from audience.stats.results import (  # noqa: F401 (re-exported: callers use store.X)
    METRICS,
    SUMS,
    Figures,
    KeyFigures,
    Realtime,
    Table,
    derive,
    figures_from_sums,
)
from storage import get_db, load_sql

_PARAM = re.compile(r"\$([a-z_]+)")
NOTE_APPROX = "audience_stats.note.approx_visitors"
NOTE_PAGEVIEWS_ONLY = "audience_stats.note.pageviews_only"
NOTE_UNAVAILABLE = "audience_stats.note.unavailable"
NOTE_RAW = "audience_stats.note.raw_events"
NOTE_TIME_ON_PAGE = "audience_stats.note.time_on_page"
RAW_MAX_DAYS = 7


# -- plumbing ----------------------------------------------------------------------------------
def _config() -> AudienceConfig:
    return load_config()


def _run(name: str, params: dict, **parts: str) -> pd.DataFrame:
    sql = load_sql(f"audience_stats/{name}")
    if parts:
        sql = sql.format(**parts)
    used = set(_PARAM.findall(sql))
    return get_db().query_df(sql, {k: v for k, v in params.items() if k in used})


def _where(filters: dict[str, str], columns: dict[str, str]) -> tuple[str, dict]:
    """` AND <column> = $f_<dim>` for each filter: columns from the whitelist, values bound."""
    sql, params = "", {}
    for dim, value in filters.items():
        sql += f" AND {columns[dim]} = $f_{dim}"
        params[f"f_{dim}"] = value
    return sql, params


def _base(site: str, period: Period) -> dict:
    return {"site": site, "start": period.start, "end": period.end}


def _raw_ok(period: Period, config: AudienceConfig, now: datetime | None = None) -> bool:
    """Rebuilding visits from raw events grows with the events read: short periods only."""
    return period.days <= RAW_MAX_DAYS and period.start >= config.events_cutoff(now or datetime.now(UTC))


def _raw(query: str, site: str, period: Period, filters: dict[str, str], config: AudienceConfig,
         params: dict, **parts: str) -> pd.DataFrame:
    visit_filters = {d: v for d, v in filters.items() if d != "page"}
    where, fparams = _where(visit_filters, VISIT_COLUMNS)
    inner = load_sql(f"audience_stats/{query}").format(**parts)
    sql = load_sql("audience_stats/raw_visits").format(filters=where, query=inner)
    all_params = {**fparams, **params, "page": filters.get("page"), "tz": config.settings.timezone}
    used = set(_PARAM.findall(sql))
    with get_db().cursor() as cur:
        events = cur.sql(load_sql("audience_stats/raw_events").format(columns=", ".join(visits.COLUMNS)),
                         params=[site, period.start, period.end]).to_arrow_table()
        register_visits(cur, events, filters.get("page"),
                        session_minutes=config.settings.session_minutes, timezone=config.settings.timezone)
        return cur.execute(sql, {k: v for k, v in all_params.items() if k in used}).df()


# -- the source of visit figures (key figures and time series) ---------------------------------
def _series(site: str, period: Period, filters: Filters, grain: str,
            config: AudienceConfig) -> Table:
    active = filters.active()
    base = {**_base(site, period), "grain": grain}
    if grain == "hour":
        if not active:
            return Table(_run("dd_hours", base), "dd")
        if _raw_ok(period, config):
            bucket = "date_trunc('hour', timezone($tz, started))"
            return Table(_raw("raw_series", site, period, active, config, {}, bucket=bucket), "raw", (NOTE_RAW,))
        grain, base["grain"] = "day", "day"  # hours need the raw events: fall back to days
    if len(active) <= 1:
        dim, value = next(iter(active.items())) if active else ("total", "")
        notes = (NOTE_TIME_ON_PAGE,) if dim == "page" else ()
        return Table(_run("dd_series", {**base, "dimension": dim, "value": value}), "dd", notes)
    if set(active) <= set(VISIT_COLUMNS):
        where, params = _where(active, VISIT_COLUMNS)
        return Table(_run("dv_series", {**base, **params}, filters=where), "dv", (NOTE_APPROX,))
    if _raw_ok(period, config):
        bucket = "date_trunc($grain, day)"
        return Table(_raw("raw_series", site, period, active, config, {"grain": grain}, bucket=bucket), "raw",
                     (NOTE_RAW,))
    if set(active) <= set(PAGE_COLUMNS):
        where, params = _where(active, PAGE_COLUMNS)
        return Table(_run("dp_series", {**base, **params}, filters=where), "dp", (NOTE_PAGEVIEWS_ONLY, NOTE_APPROX))
    return Table(pd.DataFrame(columns=["bucket", *SUMS]), None, (NOTE_UNAVAILABLE,))


def _totals(table: Table) -> dict[str, float | None]:
    return {col: (table.df[col].sum() if col in table.df else None) for col in SUMS}


def figures_from_series(table: Table) -> Figures:
    """Totals of a day/week/month series (sums of daily rows, so equal to key_figures' own)."""
    return figures_from_sums(_totals(table))


# -- public blocks ------------------------------------------------------------------------------
def key_figures(actor: User | None, site: str, period: Period, filters: Filters,
                compare: Period | None = None) -> KeyFigures:
    """Visitors, visits, page views, views per visit, bounce rate, average duration (+ comparison)."""
    require(actor, "staff")
    config = _config()
    current = _series(site, period, filters, "month", config)
    previous = _series(site, compare, filters, "month", config) if compare else None
    return KeyFigures(figures_from_sums(_totals(current)), figures_from_sums(_totals(previous)) if previous else None,
                      current.source, current.notes)


def timeseries(actor: User | None, site: str, period: Period, filters: Filters,
               grain: str | None = None) -> Table:
    """One row per bucket (hour/day/week/month), empty buckets filled with zeros."""
    require(actor, "staff")
    grain = grain or granularity(period)
    table = _series(site, period, filters, grain, _config())
    return Table(_fill(table.df, period, grain), table.source, table.notes)


def _fill(df: pd.DataFrame, period: Period, grain: str) -> pd.DataFrame:
    df = df.copy()
    df["bucket"] = pd.to_datetime(df["bucket"]).dt.tz_localize(None) if len(df) else pd.to_datetime(df["bucket"])
    if grain == "hour":
        start = pd.Timestamp(period.start)
        full = pd.date_range(start, pd.Timestamp(period.end) + pd.Timedelta(hours=23), freq="h")
    else:
        first = pd.Timestamp(bucket_start(period.start, grain))
        freq = {"day": "D", "week": "W-MON", "month": "MS"}[grain]
        full = pd.date_range(first, pd.Timestamp(period.end), freq=freq)
    sums = [c for c in SUMS if c in df]
    out = pd.DataFrame({"bucket": full}).merge(df[["bucket", *sums]], on="bucket", how="left")
    out[sums] = out[sums].fillna(0)
    return derive(out)


def breakdown(actor: User | None, site: str, period: Period, filters: Filters, dimension: str,
              limit: int = 100) -> Table:
    """Top values of one dimension under the filters (value + figures), biggest first."""
    require(actor, "staff")
    config = _config()
    active = filters.active()
    base = {**_base(site, period), "limit": limit}
    empty = pd.DataFrame(columns=["value", *SUMS])
    if not active:
        notes = (NOTE_TIME_ON_PAGE,) if dimension == "page" else ()
        return Table(derive(_run("dd_breakdown", {**base, "dimension": dimension})), "dd", notes)
    if dimension != "page" and set(active) <= set(VISIT_COLUMNS):
        where, params = _where(active, VISIT_COLUMNS)
        return Table(derive(_run("dv_breakdown", {**base, **params}, filters=where,
                                  column=VISIT_COLUMNS[dimension])), "dv", (NOTE_APPROX,))
    pages_ok = dimension in PAGE_COLUMNS and set(active) <= set(PAGE_COLUMNS)
    if pages_ok and dimension == "page":
        return _pages_table(site, period, active, dimension, base)
    if _raw_ok(period, config):
        if dimension == "page":
            df = _raw("raw_pages", site, period, active, config, {"limit": limit})
        else:
            df = _raw("raw_breakdown", site, period, active, config, {"limit": limit},
                      column=VISIT_COLUMNS[dimension])
        return Table(derive(df), "raw", (NOTE_RAW,))
    if pages_ok:
        return _pages_table(site, period, active, dimension, base)
    return Table(empty, None, (NOTE_UNAVAILABLE,))


def _pages_table(site: str, period: Period, active: dict[str, str], dimension: str, base: dict) -> Table:
    where, params = _where(active, PAGE_COLUMNS)
    df = _run("dp_breakdown", {**base, **params}, filters=where, column=PAGE_COLUMNS[dimension])
    return Table(derive(df), "dp", (NOTE_PAGEVIEWS_ONLY, NOTE_APPROX))


def visit_breakdowns(actor: User | None, site: str, period: Period, filters: Filters, dimensions: tuple[str, ...],
                     limit: int = 100) -> dict[str, Table] | None:
    """All visit-dimension breakdowns in one scan when the filters route them to daily_visits
    (the same figures `breakdown` gives one by one); None when they do not."""
    require(actor, "staff")
    active = filters.active()
    if not active or not set(active) <= set(VISIT_COLUMNS):
        return None
    where, params = _where(active, VISIT_COLUMNS)
    df = _run("dv_breakdowns", {**_base(site, period), **params, "limit": limit}, filters=where)
    out = {}
    for dim in dimensions:
        if dim in VISIT_COLUMNS:
            part = df[df["dimension"] == dim].drop(columns="dimension").reset_index(drop=True)
            out[dim] = Table(derive(part), "dv", (NOTE_APPROX,))
    return out


def _block(dimension: str):
    def block(actor: User | None, site: str, period: Period, filters: Filters, limit: int = 100) -> Table:
        return breakdown(actor, site, period, filters, dimension, limit)
    block.__name__ = block.__qualname__ = f"breakdown_{dimension}"
    block.__doc__ = f"Top {dimension} values (see breakdown)."
    return block


top_pages = _block("page")
entry_pages = _block("entry")
exit_pages = _block("exit")
channels = _block("channel")
sources = _block("source")
campaigns = _block("campaign")
browsers = _block("browser")
operating_systems = _block("os")
devices = _block("device")
languages = _block("language")
countries = _block("country")
networks = _block("network")
BLOCKS = {"page": top_pages, "entry": entry_pages, "exit": exit_pages, "channel": channels, "source": sources,
          "campaign": campaigns, "browser": browsers, "os": operating_systems, "device": devices,
          "language": languages, "country": countries, "network": networks}


def realtime(actor: User | None, site: str, *, now: datetime | None = None, minutes: int = 5) -> Realtime:
    """Visitors of the last `minutes` and the pages they are on (raw events)."""
    require(actor, "staff")
    since = (now or datetime.now(UTC)) - timedelta(minutes=minutes)
    params = {"site": site, "since": since}
    total = _run("realtime_total", params)
    pages = _run("realtime", params)
    return Realtime(int(total["visitors"].iloc[0]), int(total["pageviews"].iloc[0]), pages, since)


def bot_hits(site: str, start: date | None, end: date | None) -> int:
    """Bot hits dropped for `site` over start..end (None, None: every day kept)."""
    row = get_db().query_one(load_sql("audience_stats/bot_hits"), [site, start, start, end])
    return int(row[0] or 0) if row else 0


def first_day(site: str) -> date | None:
    """The first day the site's daily aggregates hold."""
    row = get_db().query_one(load_sql("audience_stats/first_day"), [site])
    return row[0] if row else None


def list_sites(actor: User | None) -> list[str]:
    """Sites with statistics, plus the configured ones (even before their first visit)."""
    require(actor, "staff")
    names = set(_run("sites", {})["site"])
    names |= {name for name, _hosts in store_sites.site_rows()}
    return sorted(names)


def data_range(actor: User | None) -> tuple[date | None, date | None]:
    """First and last day the daily aggregates hold (all sites)."""
    require(actor, "staff")
    df = _run("oldest_day", {})
    first, last = df.iloc[0, 0], df.iloc[0, 1]

    def as_date(value) -> date | None:
        return None if value is None or pd.isna(value) else pd.Timestamp(value).date()

    return as_date(first), as_date(last)
