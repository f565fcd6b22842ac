"""Prévisionnel: the guided form in steps (project, revenue, costs, staff, investments, financing), every
explicit save a version; saved forecasts listed, reopened (any version), duplicated, renamed, deleted; the
plan's JSON downloaded and uploaded; the outputs, scenarios, versions compared and the exports.

The plan being edited is kept in session state as its document (ui.components.forecast_form.DRAFT); the
outputs are computed from it whenever it is a valid plan. User text goes through `escape()` or a table.
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from ui.session import require_role

user = require_role("user")

import pandas as pd  # noqa: E402

from accounts import PermissionDenied  # noqa: E402
from accounts.validation import ValidationError  # noqa: E402
from finance.store import list_analyses, load_analysis  # noqa: E402
from forecast import form  # noqa: E402
from forecast.messages import text  # noqa: E402
from forecast.model import Plan, PlanError  # noqa: E402
from forecast.seed import TEMPLATES, from_template, plan_from_analysis  # noqa: E402
from forecast.store import (  # noqa: E402
    delete_forecast,
    duplicate_forecast,
    list_forecasts,
    list_versions,
    load_forecast,
    rename_forecast,
    save_forecast,
)
from ui.components.forecast_form import DRAFT, STEP, fill_issues, issue_text, reset_widgets, step_view  # noqa: E402
from ui.components.forecast_views import render_outputs  # noqa: E402
from ui.language import date as format_date  # noqa: E402
from ui.language import lang, t  # noqa: E402
from ui.locale import file_uploader  # noqa: E402
from ui.markdown import escape  # noqa: E402

META, FLASH, PENDING_JSON = "fc_meta", "fc_flash", "fc_pending_json"  # {"id", "name", "version"}; messages


def flash(kind: str, message: str) -> None:
    st.session_state[FLASH] = (kind, message)


def set_current(document: dict, name: str, forecast_id: str | None, version: int | None) -> None:
    st.session_state[DRAFT] = document
    st.session_state[META] = {"id": forecast_id, "name": name, "version": version}
    st.session_state["fc_save_name"] = name
    reset_widgets()


def new_plan() -> None:
    set_current(form.blank(date.today(), user.company or ""), "", None, None)


def start_from() -> None:
    """A new, unsaved plan: blank, from a sector template, or seeded from a saved company analysis."""
    source = st.session_state.get("fc_start_source", "blank")
    name = user.company or ""
    if source == "template":
        key = st.session_state.get("fc_start_template") or TEMPLATES[0]
        plan = from_template(key, name or t(f"forecast_ui.template.{key}"), form.next_month(date.today()))
    elif source == "analysis" and st.session_state.get("fc_start_analysis"):
        try:
            years = load_analysis(user, st.session_state["fc_start_analysis"])
        except PermissionDenied:
            flash("error", t("forecast_ui.saved.not_found"))
            return
        try:
            plan = plan_from_analysis(years[0], name or t("forecast_ui.untitled"))
        except PlanError as exc:
            flash("error", t("forecast_ui.start.seed_failed") + " " + exc.message(lang()))
            return
    else:
        new_plan()
        return
    set_current(plan.to_dict(), "", None, None)
    flash("success", t(f"forecast_ui.start.done_{source}"))


def start_box() -> None:
    with st.expander(t("forecast_ui.start.title"), icon=":material/rocket_launch:"):
        analyses = list_analyses(user)
        sources = ["blank", "template"] + (["analysis"] if analyses else [])
        source = st.radio(t("forecast_ui.start.source"), sources, key="fc_start_source", horizontal=True,
                          format_func=lambda s: t(f"forecast_ui.start.{s}"))
        if source == "template":
            st.selectbox(t("forecast_ui.start.template"), TEMPLATES, key="fc_start_template",
                         format_func=lambda k: t(f"forecast_ui.template.{k}"))
        elif source == "analysis":
            by_id = {a.id: a for a in analyses}
            st.selectbox(t("forecast_ui.start.analysis"), list(by_id), key="fc_start_analysis",
                         format_func=lambda i: f"{by_id[i].name} ({by_id[i].years})")
            st.caption(t("forecast_ui.start.analysis_help"))
        st.button(t("forecast_ui.start.go"), key="fc_start_go", on_click=start_from, type="primary",
                  icon=":material/play_arrow:")


# -- saved forecasts (button callbacks: the list is read after they ran) ---------------------------
def open_saved(forecast_id: str, version: int | None = None) -> None:
    try:
        loaded = load_forecast(user, forecast_id, version)
    except PermissionDenied:
        flash("error", t("forecast_ui.saved.not_found"))
        return
    set_current(loaded.plan, loaded.forecast.name, forecast_id, loaded.version)
    flash("success", t("forecast_ui.saved.opened", name=loaded.forecast.name, version=loaded.version))


def _refused(exc: PermissionDenied) -> None:
    flash("warning" if str(exc) == "unconfirmed" else "error",
          t("core.account.confirm_first") if str(exc) == "unconfirmed" else t("forecast_ui.saved.not_found"))


def duplicate_saved(forecast_id: str) -> None:
    name = st.session_state.get("fc_duplicate_name", "")
    try:
        duplicate_forecast(user, forecast_id, name)
        flash("success", t("forecast_ui.saved.duplicated", name=name))
    except ValidationError as exc:
        flash("error", t(exc.key, **exc.values))
    except PermissionDenied as exc:
        _refused(exc)


def rename_saved(forecast_id: str) -> None:
    try:
        rename_forecast(user, forecast_id, st.session_state.get("fc_rename", ""))
        flash("success", t("forecast_ui.saved.renamed"))
    except ValidationError as exc:
        flash("error", t(exc.key, **exc.values))
    except PermissionDenied as exc:
        _refused(exc)


def delete_saved(forecast_id: str) -> None:
    try:
        delete_forecast(user, forecast_id)
    except PermissionDenied as exc:
        _refused(exc)
        return
    flash("success", t("forecast_ui.saved.deleted"))
    if (st.session_state.get(META) or {}).get("id") == forecast_id:
        st.session_state[META] = {**st.session_state[META], "id": None, "version": None}


def save_current() -> None:
    plan, issues = form.check(st.session_state[DRAFT])
    if plan is None:
        flash("error", t("forecast_ui.save.invalid", count=len(issues)))
        return
    meta = st.session_state.get(META) or {}
    name = st.session_state.get("fc_save_name", "")
    try:
        forecast_id, version = save_forecast(user, name, plan.to_dict(), forecast_id=meta.get("id"),
                                             note=st.session_state.get("fc_save_note", ""))
    except ValidationError as exc:
        flash("error", t(exc.key, **exc.values))
    except PermissionDenied as exc:
        _refused(exc)
    else:
        st.session_state[META] = {"id": forecast_id, "name": name, "version": version}
        st.session_state["fc_save_note"] = ""
        flash("success", t("forecast_ui.save.done", version=version))


# -- the plan's JSON ------------------------------------------------------------------------------
def queue_json() -> None:
    upload = st.session_state.get("fc_upload")
    st.session_state[PENDING_JSON] = (upload.name, upload.getvalue()) if upload else None


def import_json(pending: tuple[str, bytes] | None) -> None:
    """An uploaded plan becomes the draft (not saved until the user saves it); anything else is refused."""
    if pending is None:
        flash("warning", t("forecast_ui.json.no_file"))
        return
    try:
        plan = Plan.from_json(pending[1])
    except PlanError as exc:
        first = [issue_text(form.locate(i), with_field=True) for i in exc.issues[:5]]
        flash("error", t("forecast_ui.json.refused") + "\n\n" + "\n\n".join(f"- {m}" for m in first))
        return
    set_current(plan.to_dict(), plan.project.name, None, None)
    flash("success", t("forecast_ui.json.loaded"))


def saved_tab() -> None:
    items = list_forecasts(user)
    if not items:
        st.info(t("forecast_ui.saved.none"))
        return
    table = [{t("forecast_ui.saved.name"): f.name, t("forecast_ui.saved.versions"): f.version,
              t("forecast_ui.saved.updated"): format_date(f.updated_at, True)} for f in items]
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
    by_id = {f.id: f for f in items}
    pick = st.selectbox(t("forecast_ui.saved.pick"), list(by_id), key="fc_saved_pick",
                        format_func=lambda i: by_id[i].name)
    versions = list_versions(user, pick)
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    chosen = c1.selectbox(t("forecast_ui.saved.version"), [v.version for v in versions], key="fc_version_pick",
                          format_func=lambda n: next(
                              f"{t('forecast_ui.saved.version_n', version=v.version)} — "
                              f"{format_date(v.created_at, True)}" + (f" — {v.note}" if v.note else "")
                              for v in versions if v.version == n))
    c2.button(t("forecast_ui.saved.open"), key="fc_open", type="primary", on_click=open_saved, args=(pick, chosen),
              icon=":material/folder_open:", width="stretch")
    c1, c2, c3 = st.columns(3)
    c1.text_input(t("forecast_ui.saved.duplicate_name"), key="fc_duplicate_name", max_chars=200)
    c1.button(t("forecast_ui.saved.duplicate"), key="fc_duplicate", on_click=duplicate_saved, args=(pick,),
              icon=":material/content_copy:")
    c2.text_input(t("forecast_ui.saved.new_name"), key="fc_rename", max_chars=200)
    c2.button(t("forecast_ui.saved.rename"), key="fc_rename_go", on_click=rename_saved, args=(pick,))
    c3.checkbox(t("forecast_ui.saved.delete_sure"), key="fc_delete_sure")
    c3.button(t("forecast_ui.saved.delete"), key="fc_delete_go", on_click=delete_saved, args=(pick,),
              disabled=not st.session_state.get("fc_delete_sure"), icon=":material/delete:")


def json_box(plan: Plan | None) -> None:
    c1, c2 = st.columns(2)
    with c1:
        st.caption(t("forecast_ui.json.help"))
        st.download_button(t("forecast_ui.json.download"), data=plan.to_json() if plan else "",
                           file_name="previsionnel.json" if lang() == "fr" else "forecast.json",
                           mime="application/json", disabled=plan is None, on_click="ignore", key="fc_json_download",
                           icon=":material/download:")
    with c2:
        file_uploader(t("forecast_ui.json.upload"), type=["json"], key="fc_upload")
        st.button(t("forecast_ui.json.import"), key="fc_json_import", on_click=queue_json, icon=":material/upload:")


def save_bar() -> None:
    meta = st.session_state.get(META) or {}
    if not user.confirmed:
        st.info(t("core.account.confirm_first"))
        return
    if "fc_save_name" not in st.session_state:  # dropped by Streamlit while another tab was open
        st.session_state["fc_save_name"] = meta.get("name") or st.session_state[DRAFT]["project"].get("name", "")
    c1, c2, c3 = st.columns([3, 3, 1], vertical_alignment="bottom")
    c1.text_input(t("forecast_ui.save.name"), key="fc_save_name", max_chars=200)
    c2.text_input(t("forecast_ui.save.note"), key="fc_save_note", max_chars=200)
    c3.button(t("forecast_ui.save.button"), key="fc_save", on_click=save_current, icon=":material/save:",
              type="primary", width="stretch")
    if meta.get("id"):
        st.caption(t("forecast_ui.save.current", version=meta.get("version") or 1))


def input_tab() -> Plan | None:
    steps = list(form.STEPS)
    st.segmented_control(t("forecast_ui.form.step"), steps, key=STEP, required=True, on_change=reset_widgets,
                         format_func=lambda s: t(f"forecast_ui.step.{s}"))
    step = st.session_state.get(STEP) or steps[0]
    slots = step_view(step)
    plan, issues = form.check(st.session_state[DRAFT])
    elsewhere = fill_issues(slots, issues)
    if elsewhere:
        st.warning(t("forecast_ui.form.other_steps", count=len(elsewhere)), icon=":material/warning:")
        for issue in elsewhere[:8]:
            where = t(f"forecast_ui.section.{issue.section}") if issue.section else ""
            st.caption(f"{where} — {issue_text(issue, with_field=True)}" if where else
                       text(issue.key, lang(), **issue.values))
    index = steps.index(step)
    c1, c2 = st.columns(2)
    if index > 0:
        c1.button(t("forecast_ui.form.previous"), key="fc_prev", icon=":material/arrow_back:",
                  on_click=_go, args=(steps[index - 1],))
    if index < len(steps) - 1:
        c2.button(t("forecast_ui.form.next"), key="fc_next", icon=":material/arrow_forward:",
                  on_click=_go, args=(steps[index + 1],))
    st.divider()
    save_bar()
    return plan


def _go(step: str) -> None:
    st.session_state[STEP] = step
    reset_widgets()


# -- page -----------------------------------------------------------------------------------------
st.title(t("core.page.forecast"))
st.caption(t("forecast_ui.intro"))
if (pending := st.session_state.pop(PENDING_JSON, False)) is not False:
    import_json(pending)
if DRAFT not in st.session_state:
    new_plan()
if (message := st.session_state.pop(FLASH, None)) is not None:
    {"success": st.success, "warning": st.warning, "error": st.error}[message[0]](message[1])
meta = st.session_state.get(META) or {}
c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
c1.subheader(escape(meta.get("name") or st.session_state[DRAFT].get("project", {}).get("name")
                   or t("forecast_ui.untitled")))
c2.button(t("forecast_ui.new"), key="fc_new", on_click=new_plan, icon=":material/note_add:", width="stretch")
start_box()
inputs, outputs, saved, files = st.tabs([t("forecast_ui.tab.inputs"), t("forecast_ui.tab.outputs"),
                                         t("forecast_ui.tab.saved"), t("forecast_ui.tab.json")],
                                        key="fc_tab", on_change="rerun")
plan = None
if inputs.open:
    with inputs:
        plan = input_tab()
if plan is None:
    plan, _ = form.check(st.session_state[DRAFT])
if outputs.open:
    with outputs:
        if plan is None:
            st.warning(t("forecast_ui.outputs.invalid"))
        else:
            render_outputs(user, plan, meta)
if saved.open:
    with saved:
        saved_tab()
if files.open:
    with files:
        json_box(plan)
