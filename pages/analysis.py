"""Analyse de mon entreprise: FEC import (validation report first) or manual 2033 entry -> analysis ->
Synthèse, SIG, bilan, ratios, alertes, détails, export; analyses saved per user.

Files are parsed once, on the next run after a click (the queue PENDING_FEC / PENDING_TEMPLATE), and the
result is kept in session state so reruns never recompute it. User-supplied text (file names, analysis
names, account labels) goes through `ui.markdown.escape()` or a dataframe, never through HTML.
"""
from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from ui.session import require_role

user = require_role("user")

import pandas as pd  # noqa: E402

from accounts import PermissionDenied  # noqa: E402
from accounts.validation import ValidationError  # noqa: E402
from finance.analysis import finalise, inspect  # noqa: E402
from finance.errors import FecError  # noqa: E402
from finance.fec import MAX_BYTES  # noqa: E402
from finance.manual import (  # noqa: E402
    MAX_YEARS,
    ManualYear,
    analyse_manual,
    closing_dates,
    entry_frame,
    years_from_frame,
)
from finance.messages import text  # noqa: E402
from finance.store import delete_analysis, list_analyses, load_analysis, rename_analysis, save_analysis  # noqa: E402
from finance.template import build_template, parse_template  # noqa: E402
from ui.components.analysis_views import render_views  # noqa: E402
from ui.language import date as format_date  # noqa: E402
from ui.language import lang, money, t  # noqa: E402
from ui.locale import file_uploader, iso_days  # noqa: E402
from ui.markdown import escape  # noqa: E402

YEARS, META, REPORTS = "fin_years", "fin_meta", "fin_reports"  # current analysis (N first), its name/id, reports
PENDING_FEC, PENDING_TEMPLATE = "fin_pending", "fin_pending_template"  # [(name, bytes)] / bytes, parsed once
MANUAL, FLASH = "fin_manual_frame", "fin_flash"  # base frame of the manual editor; one-shot messages


def flash(kind: str, message: str) -> None:
    st.session_state[FLASH] = (kind, message)


def set_current(years: list, name: str, saved_id: str | None) -> None:
    st.session_state[YEARS] = years
    st.session_state[META] = {"name": name, "saved_id": saved_id}
    st.session_state["fin_save_name"] = name


def default_name(years: list) -> str:
    siren = next((y.siren for y in years if y.siren), None)
    who = user.company or (f"SIREN {siren}" if siren else t("finance.ui.my_company"))
    return f"{who} — {', '.join(y.display_label(lang()) for y in years)}"


# -- queued work: runs once, on the run after the click ------------------------------------------
def queue_fec() -> None:
    files = st.session_state.get("fin_upload") or []
    st.session_state[PENDING_FEC] = [(f.name, f.getvalue()) for f in files]


def queue_template() -> None:
    upload = st.session_state.get("fin_template_upload")
    st.session_state[PENDING_TEMPLATE] = upload.getvalue() if upload else None


def run_import(files: list[tuple[str, bytes]]) -> None:
    if not files:
        flash("warning", t("finance.ui.no_file"))
        return
    if len(files) > MAX_YEARS:
        flash("error", t("finance.ui.too_many_files", limit=MAX_YEARS))
        return
    reports, usable = [], []
    for name, data in files:
        report, year = inspect(data, name)
        reports.append((name, report))
        if year is not None:
            usable.append(year)
    st.session_state[REPORTS] = reports
    if usable:
        years = finalise(usable)
        set_current(years, default_name(years), None)


def run_template(data: bytes | None) -> None:
    if not data:
        flash("warning", t("finance.ui.no_file"))
        return
    try:
        manual_years = parse_template(data, siren=user.siren or None)
        years = analyse_manual(manual_years)
    except FecError as exc:
        flash("error", escape(exc.message(lang())))  # may quote a cell of the workbook
        return
    st.session_state[MANUAL] = entry_frame(lang(), manual_years)
    st.session_state["fin_editor_version"] = st.session_state.get("fin_editor_version", 0) + 1
    set_current(years, default_name(years), None)


# -- saved analyses (button callbacks: the list is read after they ran) ----------------------------
def open_saved(analysis_id: str, name: str) -> None:
    try:
        set_current(load_analysis(user, analysis_id), name, analysis_id)
    except PermissionDenied:
        flash("error", t("finance.ui.not_found"))


def rename_saved(analysis_id: str) -> None:
    try:
        rename_analysis(user, analysis_id, st.session_state.get("fin_rename", ""))
        flash("success", t("finance.ui.renamed"))
    except ValidationError as exc:
        flash("error", t(exc.key, **exc.values))
    except PermissionDenied as exc:
        flash("error", t("core.account.confirm_first") if str(exc) == "unconfirmed" else t("finance.ui.not_found"))


def delete_saved(analysis_id: str) -> None:
    try:
        delete_analysis(user, analysis_id)
        flash("success", t("finance.ui.deleted"))
        if st.session_state.get(META, {}).get("saved_id") == analysis_id:
            st.session_state[META]["saved_id"] = None
    except PermissionDenied:
        flash("error", t("finance.ui.not_found"))


def save_current() -> None:
    try:
        analysis_id = save_analysis(user, st.session_state.get("fin_save_name", ""), st.session_state[YEARS],
                                    company=user.company)
    except PermissionDenied:
        flash("warning", t("core.account.confirm_first"))
    except ValidationError as exc:
        flash("error", t(exc.key, **exc.values))
    else:
        st.session_state[META] = {"name": st.session_state["fin_save_name"], "saved_id": analysis_id}
        flash("success", t("finance.ui.saved"))


# -- manual entry -------------------------------------------------------------------------------
def chosen_dates() -> list[date]:
    return closing_dates(st.session_state["fin_manual_closing"], st.session_state["fin_manual_count"])


def reset_manual() -> None:
    """New closing dates: keep the amounts typed so far, column by column."""
    st.session_state[MANUAL] = entry_frame(lang(), [ManualYear(d) for d in chosen_dates()],
                                           st.session_state.get(MANUAL))
    st.session_state["fin_editor_version"] = st.session_state.get("fin_editor_version", 0) + 1


def manual_tab() -> None:
    st.caption(t("finance.ui.manual_help"))
    c1, c2 = st.columns(2)
    c1.date_input(t("finance.ui.closing_n"), value=date(date.today().year - 1, 12, 31), key="fin_manual_closing",
                  on_change=reset_manual, format="DD/MM/YYYY")
    c2.selectbox(t("finance.ui.year_count"), [1, 2, 3], index=1, key="fin_manual_count", on_change=reset_manual)
    if st.session_state.get(MANUAL) is None:
        reset_manual()
    frame = st.session_state[MANUAL]
    years_cols = list(frame.columns[3:])
    config = {"code": st.column_config.TextColumn(t("finance.manual.code"), width="small"),
              "form": st.column_config.TextColumn(t("finance.manual.form"), width="small"),
              "label": st.column_config.TextColumn(t("finance.manual.label"), width="large")}
    config.update({c: st.column_config.NumberColumn(c, format="localized", step=0.01) for c in years_cols})
    edited = st.data_editor(frame, key=f"fin_editor_{st.session_state.get('fin_editor_version', 0)}",
                            hide_index=True, disabled=["code", "form", "label"], column_config=config,
                            height=420, placeholder="")
    if st.button(t("finance.ui.analyse_manual"), type="primary", key="fin_manual_go", icon=":material/calculate:"):
        try:
            years = analyse_manual(years_from_frame(edited, siren=user.siren or None))
        except FecError as exc:
            st.error(escape(exc.message(lang())))  # may quote a typed value
        else:
            set_current(years, default_name(years), None)
    st.divider()
    st.markdown(f"**{t('finance.ui.template_title')}**")
    st.caption(t("finance.ui.template_help"))
    blank = [ManualYear(d) for d in chosen_dates()]
    st.download_button(t("finance.ui.template_download"), data=partial(build_template, lang(), blank),
                       file_name="modele-2033.xlsx" if lang() == "fr" else "template-2033.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:", on_click="ignore", key="fin_template_download")
    file_uploader(t("finance.ui.template_upload"), type=["xlsx"], key="fin_template_upload")
    st.button(t("finance.ui.template_import"), on_click=queue_template, key="fin_template_go",
              icon=":material/upload_file:")


# -- import and its validation report ------------------------------------------------------------
def show_report(name: str, report) -> None:
    with st.container(border=True):
        st.markdown(f"**{escape(name)}**")
        if report.ok:
            (st.warning if report.warnings else st.success)(
                t("finance.ui.report_warnings", count=len(report.warnings)) if report.warnings
                else t("finance.report.ok"), icon=":material/check_circle:")
        else:
            st.error(t("finance.report.broken"), icon=":material/error:")
            for issue in report.errors[:3]:
                st.error(escape(issue.message(lang())))  # quotes the file
        if report.rows:
            cols = st.columns(4)
            cols[0].metric(t("finance.ui.rows_read"), f"{report.rows:,}".replace(",", "\u202f"))
            cols[1].metric(t("finance.ui.entries"), f"{report.entries:,}".replace(",", "\u202f"))
            cols[2].metric(t("finance.report.total_debit"), money(float(report.total_debit)))
            cols[3].metric(t("finance.report.total_credit"), money(float(report.total_credit)))
            period = (f"{report.period_start:%d/%m/%Y} → {report.period_end:%d/%m/%Y}" if report.period_start
                      else "–")
            balance = t("finance.ui.balanced") if report.balanced else t("finance.ui.unbalanced")
            st.caption(t("finance.ui.report_counts", period=period, journals=report.journals,
                         unbalanced=report.unbalanced_entries, balance=balance))
        if report.issues:
            rows = [{t("finance.table.severity"): text(f"finance.severity.{i.severity}", lang()),
                     t("finance.table.line_number"): i.line, t("finance.table.message"): i.message(lang())}
                    for i in report.issues]
            with st.expander(t("finance.ui.issues", count=len(rows)), expanded=not report.ok):
                st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def import_tab() -> None:
    st.caption(t("finance.ui.import_help"))
    file_uploader(t("finance.ui.upload"), accept_multiple_files=True, key="fin_upload",
                  max_mb=MAX_BYTES // 2**20)  # what finance.fec accepts
    st.button(t("finance.ui.analyse"), type="primary", on_click=queue_fec, key="fin_analyse",
              icon=":material/query_stats:")
    for name, report in st.session_state.get(REPORTS, []):
        show_report(name, report)


def saved_tab() -> None:
    items = list_analyses(user)
    if not items:
        st.info(t("finance.ui.none_saved"))
        return
    table = [{t("finance.ui.name"): a.name, t("finance.ui.company"): a.company, "SIREN": a.siren,
              t("finance.ui.years"): iso_days(a.years), t("finance.ui.source"): t(f"finance.ui.kind_{a.kind}"),
              t("finance.ui.updated"): format_date(a.updated_at, True)} for a in items]
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
    by_id = {a.id: a for a in items}
    pick = st.selectbox(t("finance.ui.pick"), list(by_id), key="fin_saved_pick",
                        format_func=lambda i: f"{by_id[i].name} ({iso_days(by_id[i].years)})")
    c1, c2, c3 = st.columns(3)
    c1.button(t("finance.ui.open"), key="fin_open", type="primary", on_click=open_saved,
              args=(pick, by_id[pick].name), icon=":material/folder_open:")
    c2.text_input(t("finance.ui.new_name"), key="fin_rename", max_chars=200)
    c2.button(t("finance.ui.rename"), key="fin_rename_go", on_click=rename_saved, args=(pick,))
    c3.checkbox(t("finance.ui.delete_sure"), key="fin_delete_sure")
    c3.button(t("finance.ui.delete"), key="fin_delete_go", on_click=delete_saved, args=(pick,),
              disabled=not st.session_state.get("fin_delete_sure"), icon=":material/delete:")


def results() -> None:
    years, meta = st.session_state[YEARS], st.session_state.get(META) or {}
    st.divider()
    st.subheader(escape(meta.get("name") or default_name(years)))
    siren = next((y.siren for y in years if y.siren), None)
    closings = ", ".join(y.display_label(lang()) for y in years)
    st.caption(t("finance.ui.results_caption", years=closings, siren=siren or "–",
                 source=t(f"finance.ui.kind_{years[0].kind}")))
    if not user.confirmed:
        st.info(t("core.account.confirm_first"))
    else:
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        c1.text_input(t("finance.ui.name"), key="fin_save_name", max_chars=200)
        c2.button(t("finance.ui.save"), key="fin_save", on_click=save_current, icon=":material/save:",
                  width="stretch")
    render_views(years)


# -- page ---------------------------------------------------------------------------------------
st.title(t("core.page.analysis"))
st.caption(t("finance.ui.intro"))
if (pending := st.session_state.pop(PENDING_FEC, None)) is not None:
    with st.spinner(t("finance.ui.reading")):
        run_import(pending)
if (pending := st.session_state.pop(PENDING_TEMPLATE, False)) is not False:
    run_template(pending)
if (message := st.session_state.pop(FLASH, None)) is not None:
    {"success": st.success, "warning": st.warning, "error": st.error}[message[0]](message[1])
fec_tab, manual, saved = st.tabs([t("finance.ui.tab_fec"), t("finance.ui.tab_manual"), t("finance.ui.tab_saved")])
with fec_tab:
    import_tab()
with manual:
    manual_tab()
with saved:
    saved_tab()
if st.session_state.get(YEARS):
    results()
