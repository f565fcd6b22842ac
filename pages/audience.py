"""Audience dashboard (staff): period, comparison and filters live in the URL (shareable, reload-proof)."""
from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui.session import require_role

user = require_role("staff")

import i18n  # noqa: E402
from audience.config import load_config  # noqa: E402
from audience.stats import export, notes, overview, store  # noqa: E402
from audience.stats.filters import DIMENSIONS, from_query  # noqa: E402
from audience.stats.formats import metric_text  # noqa: E402
from audience.stats.periods import COMPARISONS, PRESETS, PeriodError, resolve  # noqa: E402
from ui.language import (  # noqa: E402
    lang,
    number,
    t,
)
from ui.locale import plotly_chart  # noqa: E402
from ui.markdown import escape  # noqa: E402

GROUPS = {"pages": ("page", "entry", "exit"), "acquisition": ("channel", "source", "campaign"),
          "technology": ("browser", "os", "device"), "audience": ("language", "country", "network")}


def set_param(key: str, value: str | None) -> None:
    if value is None:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value


def on_widget(key: str, param: str) -> None:
    value = st.session_state[key]
    set_param(param, value.isoformat() if hasattr(value, "isoformat") else value)


def fmt(metric: str, value) -> str:
    return metric_text(metric, None if pd.isna(value) else value, lang())


config = load_config()
today = config.local_day(datetime.now(UTC))
oldest = config.aggregates_cutoff(datetime.now(UTC))
state = from_query(st.query_params.to_dict())
sites = store.list_sites(user)
st.title(t("audience_stats.title"))
if not sites:
    st.info(t("audience_stats.no_site"))
    st.stop()

# -- period bar: widgets initialised from the URL, every change written back to it ---------------
for key, value in (("aud_site", state.site if state.site in sites else sites[0]), ("aud_period", state.period),
                   ("aud_compare", state.compare)):
    st.session_state.setdefault(key, value)
cols = st.columns([2, 2, 2, 3])
site = cols[0].selectbox(t("audience_stats.label.site"), sites, key="aud_site", on_change=on_widget,
                         args=("aud_site", "site"))
preset = cols[1].selectbox(t("audience_stats.label.period"), PRESETS, key="aud_period", on_change=on_widget,
                           args=("aud_period", "period"), format_func=lambda p: t(f"audience_stats.period.{p}"))
compare_mode = cols[2].selectbox(t("audience_stats.label.compare"), COMPARISONS, key="aud_compare",
                                 on_change=on_widget, args=("aud_compare", "compare"),
                                 format_func=lambda c: t(f"audience_stats.compare.{c}"))
start = end = None
if preset == "custom":
    def clamp(day):  # dates from the URL may be outside what is kept
        return min(max(day, oldest), today) if day else None
    st.session_state.setdefault("aud_from", clamp(state.start) or clamp(today.replace(day=1)))
    st.session_state.setdefault("aud_to", clamp(state.end) or today)
    sub = cols[3].columns(2)
    start = sub[0].date_input(t("audience_stats.label.from"), key="aud_from", min_value=oldest, max_value=today,
                              format="DD/MM/YYYY", on_change=on_widget, args=("aud_from", "from"))
    end = sub[1].date_input(t("audience_stats.label.to"), key="aud_to", min_value=oldest, max_value=today,
                            format="DD/MM/YYYY", on_change=on_widget, args=("aud_to", "to"))
for key, value in (("site", site), ("period", preset), ("compare", compare_mode)):
    if st.query_params.get(key) != value:
        st.query_params[key] = value  # the URL always carries the whole view
try:
    period = resolve(preset, today, oldest=oldest, start=start, end=end)
except PeriodError as exc:
    st.warning(t(exc.key))
    st.stop()
geo = notes.geo_enabled()
filters = state.filters
if not geo:  # no GeoIP/ASN database: those dimensions do not exist, a URL cannot ask for them
    filters = filters.without("country").without("network")

# -- filters: chips that remove themselves -----------------------------------------------------
active = filters.active()
if active:
    chips = st.columns(len(active) + 2)
    chips[0].caption(t("audience_stats.label.filters"))
    for i, (dim, value) in enumerate(active.items(), start=1):
        chips[i].button(f"✕ {t(f'audience_stats.dimension.{dim}')} : {escape(value) or t('audience_stats.value.none')}",
                        key=f"aud_chip_{dim}", on_click=set_param, args=(dim, None))

    def clear_filters() -> None:
        for dim in DIMENSIONS:
            st.query_params.pop(dim, None)

    chips[-1].button(t("audience_stats.label.clear_filters"), key="aud_clear", on_click=clear_filters,
                     type="tertiary")

ov = overview.compute(user, site, period, filters, compare_mode=compare_mode, geo=geo, limit=100)
caption = t("audience_stats.label.range", start=i18n.format_date(period.start, lang()),
            end=i18n.format_date(period.end, lang()))
if ov.compare:
    caption += " · " + t("audience_stats.label.compared", start=i18n.format_date(ov.compare.start, lang()),
                         end=i18n.format_date(ov.compare.end, lang()))
st.caption(caption)

# -- key figures -----------------------------------------------------------------------------
kf = ov.key_figures
metric_cols = st.columns(3) + st.columns(3)  # two rows: long French labels stay readable
for col, metric in zip(metric_cols, store.METRICS, strict=True):
    change = kf.change(metric)
    col.metric(t(f"audience_stats.metric.{metric}"), fmt(metric, kf.current.get(metric)),
               delta=fmt("change", change) if change is not None else None,
               delta_color="inverse" if metric == "bounce_rate" else "normal", border=True)
for note in kf.notes:
    st.caption(t(note))

# -- time series -----------------------------------------------------------------------------
series = ov.series.df
fig = go.Figure()
if "visitors" in series:
    fig.add_scatter(x=series["bucket"], y=series["visitors"], name=t("audience_stats.metric.visitors"),
                    mode="lines+markers")
if "visits" in series:
    fig.add_scatter(x=series["bucket"], y=series["visits"], name=t("audience_stats.metric.visits"), mode="lines")
if ov.previous_series is not None and "visitors" in ov.previous_series.df and len(ov.previous_series.df):
    prev = ov.previous_series.df.head(len(series))
    fig.add_scatter(x=series["bucket"].iloc[:len(prev)], y=prev["visitors"].to_numpy(), mode="lines",
                    name=t("audience_stats.metric.previous"), line={"dash": "dot", "color": "#adb5bd"})
fig.update_layout(height=300, margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend={"orientation": "h"},
                  title=t("audience_stats.block.series"))
plotly_chart(fig, key="aud_series")


# -- breakdowns: sortable tables with an inline bar; clicking a row filters everything ------------
def pick(dim: str, key: str) -> None:
    table = ov.blocks[dim]
    rows = st.session_state[key].selection.rows
    if rows:
        set_param(dim, str(table.df["value"].iloc[rows[0]]))


def show_block(dim: str) -> None:
    table = ov.blocks[dim]
    if not table.available:
        st.info(t("audience_stats.note.unavailable"))
        return
    df = table.df.copy()
    label = t(f"audience_stats.dimension.{dim}")
    if dim == "channel":
        df["value"] = df["value"].map(lambda v: t(f"audience_stats.channel.{v}") if v else "")
    df["value"] = df["value"].map(lambda v: v if v else t("audience_stats.value.none"))
    shown = [c for c in ("value", "visitors", "visits", "pageviews", "entries", "exits", "bounce_rate",
                         "avg_duration") if c in df]
    top = float(df["visitors"].max()) if len(df) else 1.0
    column_config = {
        "value": st.column_config.TextColumn(label, width="medium"),
        "visitors": st.column_config.ProgressColumn(t("audience_stats.metric.visitors"), format="%d",
                                                    min_value=0, max_value=max(top, 1.0)),
        "visits": st.column_config.NumberColumn(t("audience_stats.metric.visits"), format="localized"),
        "pageviews": st.column_config.NumberColumn(t("audience_stats.metric.pageviews"), format="localized"),
        "entries": st.column_config.NumberColumn(t("audience_stats.metric.entries"), format="localized"),
        "exits": st.column_config.NumberColumn(t("audience_stats.metric.exits"), format="localized"),
        "bounce_rate": st.column_config.NumberColumn(t("audience_stats.metric.bounce_rate"), format="percent"),
        "avg_duration": st.column_config.NumberColumn(t("audience_stats.metric.avg_duration"), format="%.0f s"),
    }
    key = f"aud_tbl_{dim}_{abs(hash(tuple(active.items()))) % 10**8}"  # new filters -> fresh selection
    st.dataframe(df[shown], key=key, on_select=partial(pick, dim, key), selection_mode="single-row",
                 hide_index=True, column_config=column_config, height=min(38 + 35 * max(len(df), 1), 400))
    for note in table.notes:
        st.caption(t(note))
    raw = table.df[[c for c in shown if c in table.df]]
    st.download_button(t("audience_stats.export.csv"), data=lambda: export.to_csv(raw),
                       file_name=f"audience-{site}-{dim}-{period.start}-{period.end}.csv", mime="text/csv",
                       key=f"aud_csv_{dim}", icon=":material/download:", on_click="ignore")


st.caption(t("audience_stats.hint.click_row"))
group_names = [g for g, dims in GROUPS.items() if any(d in ov.blocks for d in dims)]
for tab, group in zip(st.tabs([t(f"audience_stats.group.{g}") for g in group_names]), group_names, strict=True):
    with tab:
        dims = [d for d in GROUPS[group] if d in ov.blocks]
        for sub, dim in zip(st.tabs([t(f"audience_stats.block.{d}") for d in dims]), dims, strict=True):
            with sub:
                show_block(dim)


# -- realtime (refreshes itself without rerunning the page) -------------------------------------
@st.fragment(run_every="30s")
def realtime_block() -> None:
    live = store.realtime(user, site)
    st.subheader(t("audience_stats.block.realtime"))
    c1, c2 = st.columns(2)
    c1.metric(t("audience_stats.realtime.visitors"), number(live.visitors))
    c2.metric(t("audience_stats.realtime.pageviews"), number(live.pageviews))
    if live.pages.empty:
        st.caption(t("audience_stats.realtime.none"))
    else:
        st.dataframe(live.pages, hide_index=True, column_config={
            "path": st.column_config.TextColumn(t("audience_stats.dimension.page")),
            "visitors": st.column_config.NumberColumn(t("audience_stats.metric.visitors")),
            "pageviews": st.column_config.NumberColumn(t("audience_stats.metric.pageviews"))})


realtime_block()

# -- exports and the note on the data ----------------------------------------------------------
current_lang = lang()


def tr(key: str, **values) -> str:  # the download callables run in another thread: no session state
    return i18n.t(key, current_lang, **values)


def fmt_plain(metric: str, value) -> str:  # the same formats, in the language bound above (other thread)
    return metric_text(metric, None if pd.isna(value) else value, current_lang)


c1, c2 = st.columns(2)
c1.download_button(t("audience_stats.export.png"), data=lambda: export.overview_png(ov, tr, fmt_plain),
                   file_name=f"audience-{site}-{period.start}-{period.end}.png", mime="image/png",
                   key="aud_png", icon=":material/image:", on_click="ignore")
c2.download_button(t("audience_stats.export.pdf"), data=lambda: export.overview_pdf(ov, tr, fmt_plain),
                   file_name=f"audience-{site}-{period.start}-{period.end}.pdf", mime="application/pdf",
                   key="aud_pdf", icon=":material/picture_as_pdf:", on_click="ignore")

note = notes.data_note(user, site, period=period)
with st.expander(t("audience_stats.about.title")):
    st.markdown("- " + t("audience_stats.about.retention", months=note.aggregates_months,
                         oldest=i18n.format_date(note.oldest_kept, lang()),
                         present=i18n.format_date(note.oldest_present, lang()),
                         expiry_day=i18n.format_date(note.next_expiry_day, lang()),
                         expiry_at=i18n.format_date(note.next_expiry_at, lang(), with_time=True)))
    st.markdown("- " + t("audience_stats.about.raw", months=note.events_months,
                         oldest=i18n.format_date(note.raw_oldest_kept, lang())))
    st.markdown("- " + t("audience_stats.about.visitors", hours=note.visitor_key_hours))
    st.markdown("- " + t("audience_stats.about.visits", minutes=note.session_minutes, timezone=note.timezone))
    st.markdown("- " + t("audience_stats.about.bounce"))
    st.markdown("- " + t("audience_stats.about.bots_stored", count=number(note.bot_hits)))
    if not geo:
        st.markdown("- " + t("audience_stats.about.geo_off"))
