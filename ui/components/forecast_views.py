"""The forecast's output views: one function per tab, each given the computed result (and the plan).
Tables come from forecast.tables, charts from forecast.charts; the legal parameters that change a table are
listed under it with their source."""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from accounts import PermissionDenied
from finance.analysis import finalise, inspect
from finance.store import list_analyses, load_analysis
from forecast import actuals, charts, compare, scenarios, tables
from forecast.engine import compute
from forecast.export_pdf import dossier
from forecast.export_xlsx import workbook
from forecast.model import Plan
from forecast.store import list_versions, load_forecast
from forecast.table import Table, display
from ui.language import lang, money, t
from ui.locale import file_uploader, plotly_chart
from ui.markdown import escape

VIEWS = ("summary", "financing", "income", "cash", "break_even", "loans", "bilan", "scenarios", "actuals",
         "parameters", "versions", "export")
LEVEL = {"error": st.error, "warning": st.warning, "info": st.info}
RESULT = "fc_result"   # (the plan's JSON, its result): computed once per change of the plan
SCENARIOS = "fc_scenarios"   # (the plan's JSON, scenario comparison, sensitivity)
ACTUAL, PENDING_ACTUAL = "fc_actual", "fc_actual_pending"   # (file name, its analysis) / (name, bytes) queued


def result_of(plan: Plan):
    key = plan.to_json()
    cached = st.session_state.get(RESULT)
    if cached is None or cached[0] != key:
        cached = (key, compute(plan))
        st.session_state[RESULT] = cached
    return cached[1]


def scenario_tables(plan: Plan, result, language: str) -> list[Table]:
    """The scenarios side by side and the sensitivity table (eleven engine runs: cached per plan)."""
    key = plan.to_json()
    cached = st.session_state.get(SCENARIOS)
    if cached is None or cached[0] != key:
        cached = (key, scenarios.compare(plan), scenarios.sensitivity(plan))
        st.session_state[SCENARIOS] = cached
    return [tables.scenarios(cached[1], result, language), tables.sensitivity(cached[2], language)]


def show_table(table: Table, *, key: str) -> None:
    """A table as a dataframe: numbers right-aligned and written the local way, the lowest cash cell marked."""
    columns = [table.label_heading or " ", *table.columns] + ([table.total_column] if table.total_column else [])
    records = []
    for row in table.rows:
        values = list(row.values)
        if table.total_column:
            values.append(table.total(row))
        records.append([row.label, *values])
    money = all(r.kind == "money" for r in table.rows)
    if not money:  # rates, days or words among the amounts: every cell written the local way
        kinds = [r.kind for r in table.rows]
        records = [[rec[0], *(display(v, kind, lang()) for v in rec[1:])] for rec, kind in zip(records, kinds,
                                                                                              strict=True)]
    frame = pd.DataFrame(records, columns=_unique(columns))
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
    first = result.income_statement[0]["sig"]
    lowest = result.cash_plan["lowest"]
    breaks = result.break_even[0]
    cols = st.columns(4)
    cols[0].metric(t("forecast_ui.outputs.revenue_y1"), ui_money(first["chiffre_affaires"]), border=True)
    cols[1].metric(t("forecast_ui.outputs.result_y1"), ui_money(first["resultat_net"]), border=True)
    cols[2].metric(t("forecast_ui.outputs.lowest_in", month=tables.month_label(lowest["month"], lang())),
                   ui_money(lowest["amount"]), border=True)
    cols[3].metric(t("forecast_ui.outputs.break_even_month"),
                   tables.month_label(breaks["month_reached"], lang()) if breaks.get("month_reached")
                   else t("forecast_ui.table.not_reached"), border=True)
    if result.cash_plan.get("short_term_need"):
        st.warning(t("forecast_ui.outputs.short_term_need", amount=ui_money(result.cash_plan["short_term_need"])))
    if not result.alerts:
        st.success(t("forecast_ui.outputs.no_alert"), icon=":material/check_circle:")
    for alert in result.alerts:
        LEVEL.get(alert.severity, st.info)(alert.message(lang()))
    show_parameters(result, "summary", key="fc_params_summary")
    left, right = st.columns(2)
    with left:
        plotly_chart(yearly_chart(result), key="fc_fig_yearly")
    closing = result.cash_plan["closing"]
    with right:
        plotly_chart(charts.cash_curve([tables.month_label(m, lang()) for m in result.months[:len(closing)]],
                                       closing, lang()), key="fc_fig_cash_summary")


def yearly_chart(result):
    labels = [t("forecast_ui.exercice_short", n=e.index) for e in result.exercices]
    sig = [year["sig"] for year in result.income_statement]
    return charts.yearly(labels, [s["chiffre_affaires"] for s in sig],
                         [s["chiffre_affaires"] - s["resultat_net"] for s in sig], [s["resultat_net"] for s in sig],
                         lang())


def financing_view(plan: Plan, result) -> None:
    left, right = st.columns([3, 2])
    with left:
        show_table(tables.financing_initial(result, lang()), key="fc_table_financing")
    resources = result.financing_plan["initial"]["resources"]
    with right:
        plotly_chart(charts.financing([(tables.line(f"resources_{k}", lang()), v) for k, v in resources.items()],
                                      lang()), key="fc_fig_financing")
    show_table(tables.financing_years(result, lang()), key="fc_table_financing_years")
    show_parameters(result, "financing_plan", key="fc_params_financing")


def income_view(plan: Plan, result) -> None:
    plotly_chart(yearly_chart(result), key="fc_fig_income")
    show_table(tables.income_statement(result, lang()), key="fc_table_income")
    show_parameters(result, "income_statement", key="fc_params_income")


def break_even_view(plan: Plan, result) -> None:
    first = result.break_even[0]
    revenue = first["revenue"] or 0.0
    rate = (first["variable_costs"] / revenue) if revenue else 0.0
    plotly_chart(charts.break_even(revenue, first["fixed_costs"], rate, first.get("threshold"), lang()),
                 key="fc_fig_break_even")
    show_table(tables.break_even(result, lang()), key="fc_table_break_even")
    show_table(tables.bfr(result, lang()), key="fc_table_bfr")


def bilan_view(plan: Plan, result) -> None:
    if all(b.get("balanced") for b in result.bilan):
        st.success(t("forecast_ui.outputs.bilan_balanced"), icon=":material/balance:")
    else:
        st.error(t("forecast_ui.outputs.bilan_unbalanced"))
    show_table(tables.bilan(result, lang()), key="fc_table_bilan")


def cash_view(plan: Plan, result) -> None:
    full = st.toggle(t("forecast_ui.outputs.all_months", months=len(result.months)), key="fc_cash_all")
    table = tables.cash_plan(result, lang(), len(result.months) if full else 12)
    closing = table.row("closing").values
    lowest = result.cash_plan["lowest"]
    st.metric(t("forecast_ui.outputs.lowest_in", month=tables.month_label(lowest["month"], lang())),
              ui_money(lowest["amount"]), border=True)
    plotly_chart(charts.cash_curve(list(table.columns), list(closing), lang()), key="fc_fig_cash")
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


def versions_view(plan: Plan, result, user, meta: dict) -> None:
    """Two saved versions side by side: the inputs that changed, then each output line of both."""
    if not meta.get("id"):
        st.info(t("forecast_ui.versions.unsaved"))
        return
    versions = [v.version for v in list_versions(user, meta["id"])]
    if len(versions) < 2:
        st.info(t("forecast_ui.versions.one"))
        return
    c1, c2 = st.columns(2)
    before = c1.selectbox(t("forecast_ui.versions.before"), versions, index=1, key="fc_cmp_before",
                          format_func=lambda n: t("forecast_ui.saved.version_n", version=n))
    after = c2.selectbox(t("forecast_ui.versions.after"), versions, index=0, key="fc_cmp_after",
                         format_func=lambda n: t("forecast_ui.saved.version_n", version=n))
    old, new = (load_forecast(user, meta["id"], v).plan for v in (before, after))
    changes = compare.changed_inputs(old, new)
    st.markdown(f"**{t('forecast_ui.versions.inputs')}**")
    if not changes:
        st.info(t("forecast_ui.versions.none"))
    else:
        st.dataframe(pd.DataFrame([[p, str(a), str(b)] for p, a, b in changes],
                                  columns=[t("forecast_ui.versions.path"), t("forecast_ui.versions.value_before"),
                                           t("forecast_ui.versions.value_after")]),
                     hide_index=True, width="stretch", key="fc_cmp_inputs")
    results = [compute(Plan.from_dict(doc)) for doc in (old, new)]
    labels = tuple(t("forecast_ui.saved.version_n", version=v) for v in (before, after))
    for build in (tables.income_statement, tables.financing_initial, tables.break_even, tables.bilan):
        show_table(compare.compare(build(results[0], lang()), build(results[1], lang()), labels, lang()),
                   key=f"fc_cmp_{build.__name__}")


def scenarios_view(plan: Plan, result) -> None:
    st.caption(t("forecast_ui.outputs.scenarios_help"))
    side_by_side, sensitivity = scenario_tables(plan, result, lang())
    show_table(side_by_side, key="fc_table_scenarios")
    show_table(sensitivity, key="fc_table_sensitivity")


def queue_actual() -> None:
    upload = st.session_state.get("fc_actual_upload")
    st.session_state[PENDING_ACTUAL] = (upload.name, upload.getvalue()) if upload else None


def read_actual(pending: tuple[str, bytes] | None) -> None:
    """A later FEC read for the comparison only (not saved); its validation errors shown if it has any."""
    if pending is None:
        st.warning(t("forecast_ui.json.no_file"))
        return
    report, year = inspect(pending[1], pending[0])
    if year is None:
        st.error(t("forecast_ui.actuals.unreadable"))
        for issue in report.errors[:3]:
            st.error(escape(issue.message(lang())))   # may quote the file
        return
    st.session_state[ACTUAL] = (escape(pending[0]), finalise([year])[0])


def actuals_view(plan: Plan, result, user) -> None:
    """A later FEC of the company (uploaded here, or a saved analysis) against the plan, month by month, the
    gap explained."""
    st.caption(t("forecast_ui.actuals.help"))
    if (pending := st.session_state.pop(PENDING_ACTUAL, False)) is not False:
        read_actual(pending)
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    with c1:
        file_uploader(t("forecast_ui.actuals.upload"), key="fc_actual_upload")
    c2.button(t("forecast_ui.actuals.compare"), key="fc_actual_go", on_click=queue_actual,
              icon=":material/compare_arrows:")
    saved = list_analyses(user)
    by_id = {a.id: a for a in saved}
    sources = ([ACTUAL] if ACTUAL in st.session_state else []) + list(by_id)
    if not sources:
        st.info(t("forecast_ui.actuals.none"))
        return
    pick = st.selectbox(t("forecast_ui.actuals.pick"), sources, key="fc_actual_pick",
                        format_func=lambda i: t("forecast_ui.actuals.uploaded", name=st.session_state[ACTUAL][0])
                        if i == ACTUAL else f"{by_id[i].name} ({by_id[i].years})")
    if pick == ACTUAL:
        year = st.session_state[ACTUAL][1]
    else:
        try:
            year = load_analysis(user, pick)[0]
        except PermissionDenied:
            st.error(t("forecast_ui.saved.not_found"))
            return
    gap = actuals.compare(result, year)
    for note in gap["explanations"]:
        LEVEL.get(note.severity, st.info)(note.message(lang()))
    if not gap["months"]:
        return
    table = tables.actuals(gap, lang())
    months = list(table.columns)
    plotly_chart(charts.actual_vs_plan(months, table.row("revenue").values, table.row("revenue_plan").values,
                                       table.row("cash").values, table.row("cash_plan").values, lang()),
                 key="fc_fig_actuals")
    show_table(table, key="fc_table_actuals")
    if "margin" in gap:
        show_table(tables.actual_margin(gap["margin"], lang()), key="fc_table_actual_margin")


def export_view(plan: Plan, result) -> None:
    st.caption(t("forecast_ui.outputs.export_help"))
    stem = ("previsionnel" if lang() == "fr" else "forecast") + "-" + plan.project.start.strftime("%Y-%m")
    c1, c2 = st.columns(2)
    c1.download_button(t("forecast_ui.outputs.excel"), data=partial(excel, plan, result, lang()),
                       file_name=f"{stem}.xlsx", on_click="ignore", key="fc_excel", icon=":material/table_view:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    c2.download_button(t("forecast_ui.outputs.pdf"), data=partial(pdf, plan, result, lang()),
                       file_name=f"{stem}.pdf", mime="application/pdf", on_click="ignore", key="fc_pdf",
                       icon=":material/picture_as_pdf:")


def excel(plan: Plan, result, language: str) -> bytes:
    return workbook(tables.all_tables(plan, result, language, extra=scenario_tables(plan, result, language)))


def pdf(plan: Plan, result, language: str) -> bytes:
    return dossier(plan, result, language, extra=scenario_tables(plan, result, language))


def ui_money(value: float) -> str:
    return money(value, 0)


RENDERERS = {"summary": summary_view, "financing": financing_view, "income": income_view, "cash": cash_view,
             "break_even": break_even_view, "loans": loans_view, "bilan": bilan_view, "scenarios": scenarios_view,
             "parameters": parameters_view, "export": export_view}


def render_outputs(user, plan: Plan, meta: dict) -> None:
    """The output tabs; only the open one is computed."""
    result = result_of(plan)
    for view, tab in zip(VIEWS, st.tabs([t(f"forecast_ui.view.{v}") for v in VIEWS], key="fc_view",
                                        on_change="rerun"), strict=True):
        if tab.open:
            with tab:
                if view == "versions":
                    versions_view(plan, result, user, meta)
                elif view == "actuals":
                    actuals_view(plan, result, user)
                else:
                    RENDERERS[view](plan, result)
