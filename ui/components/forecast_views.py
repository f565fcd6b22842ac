"""The forecast's output views: one function per tab, each given the computed result (and the plan).
Tables come from forecast.tables, charts from forecast.charts; the legal parameters that change a table are
listed under it with their source."""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from forecast import charts, tables
from forecast.engine import compute
from forecast.export_pdf import dossier
from forecast.export_xlsx import workbook
from forecast.model import Plan
from forecast.table import Table
from ui.i18n import lang, t

VIEWS = ("summary", "financing", "income", "cash", "break_even", "loans", "bilan", "parameters", "export")
LEVEL = {"error": st.error, "warning": st.warning, "info": st.info}
RESULT = "fc_result"   # (the plan's JSON, its result): computed once per change of the plan


def result_of(plan: Plan):
    key = plan.to_json()
    cached = st.session_state.get(RESULT)
    if cached is None or cached[0] != key:
        cached = (key, compute(plan))
        st.session_state[RESULT] = cached
    return cached[1]


def show_table(table: Table, *, key: str) -> None:
    """A table as a dataframe: numbers right-aligned and written the local way, the lowest cash cell marked."""
    columns = [table.label_heading or " ", *table.columns] + ([table.total_column] if table.total_column else [])
    records = []
    for row in table.rows:
        values = list(row.values)
        if table.total_column:
            values.append(table.total(row))
        records.append([row.label, *values])
    frame = pd.DataFrame(records, columns=_unique(columns))
    money = all(r.kind in ("money", "number", "pct") for r in table.rows)
    config = {c: st.column_config.NumberColumn(c, format="localized") for c in frame.columns[1:]} if money else {}
    styled = frame.style
    marks = [(i, j + 1) for i, row in enumerate(table.rows) for j in row.highlight]
    if marks:
        def mark(data: pd.DataFrame) -> pd.DataFrame:
            out = pd.DataFrame("", index=data.index, columns=data.columns)
            for i, j in marks:
                out.iat[i, j] = "background-color: #f8cbad; font-weight: bold"
            return out
        styled = styled.apply(mark, axis=None)
    st.markdown(f"**{table.title}**")
    st.dataframe(styled, hide_index=True, width="stretch", column_config=config, key=key,
                 height=min(35 * (len(records) + 1) + 3, 900))
    if table.note:
        st.caption(table.note)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def show_parameters(result, area: str, *, key: str) -> None:
    table = tables.parameters(result, lang(), tables.PARAMETERS_OF.get(area, ()))
    if table.rows:
        with st.expander(t("forecast_ui.outputs.parameters_used", count=len(table.rows)), icon=":material/gavel:"):
            st.dataframe(pd.DataFrame([[r.label, *r.values] for r in table.rows],
                                      columns=[table.label_heading, *table.columns]),
                         hide_index=True, width="stretch", key=key)


# -- the views ------------------------------------------------------------------------------------
def summary_view(plan: Plan, result) -> None:
    if not result.alerts:
        st.success(t("forecast_ui.outputs.no_alert"), icon=":material/check_circle:")
    for alert in result.alerts:
        LEVEL.get(alert.severity, st.info)(alert.message(lang()))
    closing = result.cash_plan.get("closing") or []
    if closing:
        st.plotly_chart(charts.cash_curve([tables.month_label(m, lang()) for m in result.months[:len(closing)]],
                                          closing, lang()), width="stretch", key="fc_fig_cash_summary")


def cash_view(plan: Plan, result) -> None:
    if not result.cash_plan.get("closing"):
        return
    full = st.toggle(t("forecast_ui.outputs.all_months", months=len(result.months)), key="fc_cash_all")
    table = tables.cash_plan(result, lang(), len(result.months) if full else 12)
    closing = table.row("closing").values
    low = table.row("closing").highlight
    if low:
        month = table.columns[low[0]]
        st.metric(t("forecast_ui.outputs.lowest"), ui_money(closing[low[0]]), month,
                  delta_color="off", border=True)
    st.plotly_chart(charts.cash_curve(list(table.columns), list(closing), lang()), width="stretch",
                    key="fc_fig_cash")
    show_table(table, key="fc_table_cash")
    show_parameters(result, "cash_plan", key="fc_params_cash")


def loans_view(plan: Plan, result) -> None:
    loan_tables = tables.loan_tables(result, lang())
    if not loan_tables:
        st.info(t("forecast_ui.outputs.no_loan"))
    for index, table in enumerate(loan_tables):
        with st.expander(table.title, expanded=index == 0):
            st.caption(table.note)
            show_table(Table(table.key, "", table.columns, table.rows, table.label_heading), key=f"fc_loan_{index}")
    show_table(tables.depreciation(result, lang()), key="fc_table_depreciation")
    show_parameters(result, "depreciation", key="fc_params_depreciation")


def parameters_view(plan: Plan, result) -> None:
    st.caption(t("forecast_ui.outputs.parameters_help"))
    table = tables.parameters(result, lang())
    st.dataframe(pd.DataFrame([[r.label, *r.values] for r in table.rows],
                              columns=[table.label_heading, *table.columns]),
                 hide_index=True, width="stretch", key="fc_params_all")


def export_view(plan: Plan, result) -> None:
    st.caption(t("forecast_ui.outputs.export_help"))
    stem = ("previsionnel" if lang() == "fr" else "forecast") + "-" + plan.project.start.strftime("%Y-%m")
    c1, c2 = st.columns(2)
    c1.download_button(t("forecast_ui.outputs.excel"), data=partial(excel, plan, result, lang()),
                       file_name=f"{stem}.xlsx", on_click="ignore", key="fc_excel", icon=":material/table_view:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    c2.download_button(t("forecast_ui.outputs.pdf"), data=partial(dossier, plan, result, lang()),
                       file_name=f"{stem}.pdf", mime="application/pdf", on_click="ignore", key="fc_pdf",
                       icon=":material/picture_as_pdf:")


def excel(plan: Plan, result, language: str) -> bytes:
    return workbook(tables.all_tables(plan, result, language))


def ui_money(value: float) -> str:
    from ui.i18n import money
    return money(value, 0)


RENDERERS = {"summary": summary_view, "cash": cash_view, "loans": loans_view, "parameters": parameters_view,
             "export": export_view}


def render_outputs(user, plan: Plan, meta: dict) -> None:
    """The output tabs; only the open one is computed."""
    result = result_of(plan)
    views = [v for v in VIEWS if v in RENDERERS]
    for view, tab in zip(views, st.tabs([t(f"forecast_ui.view.{v}") for v in views], key="fc_view",
                                         on_change="rerun"), strict=True):
        if tab.open:
            with tab:
                RENDERERS[view](plan, result)
