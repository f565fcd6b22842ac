"""The result views of the company-analysis page: one function per tab, each given the years (N first)."""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from finance import figures
from finance.export import excel_report, pdf_report
from finance.messages import text
from finance.tables import all_tables, bilan_table, caf_table, headline_table, sig_table
from ui.language import lang, money, t
from ui.locale import plotly_chart

VIEWS = ("summary", "sig", "bilan", "ratios", "alerts", "details", "export")
LEVEL = {"critical": st.error, "warning": st.warning, "info": st.info}


def tx(key: str, **values: object) -> str:
    """Finance messages with amounts written the local way."""
    return text(key, lang(), **values)


# -- results ------------------------------------------------------------------------------------
def money_frame(table) -> None:
    config = {c: st.column_config.NumberColumn(c, format="localized")
              for c, kind in zip(table.columns, table.kinds, strict=True) if kind in ("money", "number")}
    st.dataframe(table.frame(), hide_index=True, width="stretch", column_config=config,
                 height=min(35 * (len(table.rows) + 1) + 3, 1200))


def pick_year(years: list, key: str):
    if len(years) == 1:
        return years[0]
    labels = [y.display_label(lang()) for y in years]
    chosen = st.segmented_control(t("finance.ui.year"), labels, default=labels[0], key=key, required=True)
    return years[labels.index(chosen)] if chosen in labels else years[0]


def summary_view(years: list) -> None:
    figs = figures.key_figures(years)
    for row in (figs[:3], figs[3:]):
        for col, fig in zip(st.columns(len(row)), row, strict=True):
            delta = None
            if fig.change is not None:
                pct = f" ({fig.change_pct:+.0%})".replace("%", " %") if fig.change_pct is not None else ""
                delta = money(fig.change, 0) + pct
            colour = {"higher": "normal", "lower": "inverse"}.get(fig.better, "off")
            col.metric(tx(f"finance.sig.{fig.key}"), money(fig.value, 0), delta, delta_color=colour,
                       help=tx(f"finance.explain.{fig.key}"), border=True)
    if len(years) > 1:
        st.caption(t("finance.ui.delta_vs", year=years[1].display_label(lang())))
    alerts = years[0].alerts
    critical = sum(a.severity == "critical" for a in alerts)
    if alerts:
        (st.error if critical else st.warning)(t("finance.ui.alert_count", count=len(alerts), critical=critical),
                                                icon=":material/notifications:")
    chart = figures.monthly_revenue(years, lang())
    if chart is None:
        st.info(t("finance.ui.no_monthly"))
    else:
        plotly_chart(chart, key="fig_monthly")
    money_frame(headline_table(years, lang()))


def sig_view(years: list) -> None:
    year = pick_year(years, "fin_sig_year")
    plotly_chart(figures.sig_waterfall(year, lang()), key="fig_waterfall")
    with st.expander(t("finance.ui.understand"), icon=":material/school:"):
        for key in ("marge_commerciale", "valeur_ajoutee", "ebe", "resultat_exploitation", "rcai", "resultat_net"):
            st.markdown(f"**{tx('finance.sig.' + key)}** — {tx('finance.explain.' + key)}")
    money_frame(sig_table(years, lang()))
    st.caption(tx("finance.explain.caf"))
    money_frame(caf_table(years, lang()))


def bilan_view(years: list) -> None:
    year = pick_year(years, "fin_bilan_year")
    left, right = st.columns([3, 2])
    with left:
        plotly_chart(figures.balance_structure(year, lang()), key="fig_structure")
    with right:
        plotly_chart(figures.equilibrium(years, lang()), key="fig_equilibrium")
    for key in ("frng", "bfr", "tresorerie_nette"):
        right.markdown(f"**{tx('finance.sig.' + key)}** — {tx('finance.explain.' + key)}")
    money_frame(bilan_table(years, lang()))


def ratios_view(years: list) -> None:
    rows = figures.ratio_rows(years, lang())
    labels = [y.display_label(lang()) for y in years]
    frame = pd.DataFrame(rows)[["light", "family", "ratio", *labels, "formula", "threshold", "explain"]]
    config = {"light": st.column_config.TextColumn(t("finance.ui.light"), help=t("finance.ui.light_help")),
              "family": t("finance.table.family"), "ratio": t("finance.table.ratio"),
              "formula": st.column_config.TextColumn(t("finance.table.formula"), width="large"),
              "threshold": t("finance.ui.threshold"), "explain": st.column_config.TextColumn(
                  t("finance.ui.meaning"), width="large")}
    st.caption(t("finance.ui.ratios_help"))
    colours = {r["light"]: figures.LIGHT_COLOURS[r["state"]] for r in rows}
    styled = frame.style.map(lambda v: f"background-color: {colours.get(v, '')}", subset=["light"])
    st.dataframe(styled, hide_index=True, width="stretch", column_config=config, height=35 * (len(rows) + 1) + 3)
    chosen = st.selectbox(t("finance.ui.ratio_detail"), [r["key"] for r in rows], key="fin_ratio_pick",
                          format_func=lambda k: tx(f"finance.ratio.{k}"))
    row = next(r for r in rows if r["key"] == chosen)
    st.markdown(f"**{row['ratio']}** — {row['explain']}")
    st.code(row["formula"], language=None, wrap_lines=True)


def alerts_view(years: list) -> None:
    for index, year in enumerate(years):
        box = st.container() if index == 0 else st.expander(t("finance.ui.alerts_of", year=year.display_label(lang())))
        with box:
            if index == 0:
                st.markdown(f"**{t('finance.ui.alerts_of', year=year.display_label(lang()))}**")
            if not year.alerts:
                st.success(t("finance.ui.no_alert"))
            for alert in year.alerts:
                LEVEL[alert.severity](tx(alert.key, **alert.values))


def details_view(years: list) -> None:
    tables = all_tables(years, lang())
    index = st.selectbox(t("finance.ui.table"), range(len(tables)), format_func=lambda i: tables[i].title,
                         key="fin_detail_table")
    table = tables[index]
    if "ratio" in table.kinds:
        st.dataframe(table.frame().astype(str), hide_index=True, width="stretch")
    else:
        money_frame(table)


def export_view(years: list) -> None:
    st.caption(t("finance.ui.export_help"))
    stem = f"analyse-{years[0].siren or 'entreprise'}-{years[0].label}"
    c1, c2 = st.columns(2)
    c1.download_button(t("finance.ui.excel"), data=partial(excel_report, years, lang()), file_name=f"{stem}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/table_view:", on_click="ignore", key="fin_excel")
    c2.download_button(t("finance.ui.pdf"), data=partial(pdf_report, years, lang()), file_name=f"{stem}.pdf",
                       mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore", key="fin_pdf")


def render_views(years: list) -> None:
    """The result tabs; only the open one is computed."""
    labels = [t(f"finance.ui.view_{v}") for v in VIEWS]
    renderers = (summary_view, sig_view, bilan_view, ratios_view, alerts_view, details_view, export_view)
    for tab, render in zip(st.tabs(labels, key="fin_view", on_change="rerun"), renderers, strict=True):
        if tab.open:
            with tab:
                render(years)
