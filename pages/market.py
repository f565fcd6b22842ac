"""Étude de marché: activity (NAF codes) and area -> competition (counts, densities, dynamics, map,
table) -> sizing (top-down and bottom-up, every assumption editable) -> reachable revenue against one of
the user's forecasts -> save, reopen, duplicate, export. The figures come from market.study; this page
only lays them out. Every figure says which datasets (and whether demo data) it comes from.
"""
from __future__ import annotations

import threading
from dataclasses import replace
from functools import partial
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from ui.session import require_role

user = require_role("user")

import pandas as pd  # noqa: E402

from accounts import PermissionDenied  # noqa: E402
from accounts.validation import ValidationError  # noqa: E402
from market import addresses, areas, forecasts, naf, store  # noqa: E402
from market import competition as comp  # noqa: E402
from market import tables as market_tables  # noqa: E402
from market.activities import ACTIVITIES  # noqa: E402
from market.charts import competitors_map  # noqa: E402
from market.datasets import dataset_label, import_file  # noqa: E402
from market.errors import MarketError  # noqa: E402
from market.export import excel_report, pdf_report  # noqa: E402
from market.layouts import IMPORT_KINDS  # noqa: E402
from market.study import DEFAULTS, Study, assumptions, evaluate, figures  # noqa: E402
from ui.components.market_state import AREA_KINDS, study_from_widgets, widgets_from_study  # noqa: E402
from ui.language import date as format_date  # noqa: E402
from ui.language import lang, money, number, percent, t  # noqa: E402
from ui.locale import plotly_chart  # noqa: E402
from ui.markdown import escape  # noqa: E402

STUDY, COMPETITION, META, FLASH, ERROR = "mkt_study", "mkt_competition", "mkt_meta", "mkt_flash", "mkt_error"


def flash(kind: str, message: str) -> None:
    st.session_state[FLASH] = (kind, message)


# -- actions (button callbacks) ---------------------------------------------------------------------
def analyse() -> None:
    study = study_from_widgets()
    try:
        found = comp.competition(study.codes, study.area, study.nomenclature)
    except MarketError as exc:
        st.session_state[ERROR] = exc.message(lang())
        return
    st.session_state.pop(ERROR, None)
    st.session_state[STUDY], st.session_state[COMPETITION] = study, found
    st.session_state["mkt_overrides"] = {}
    for key in DEFAULTS:
        st.session_state.pop(f"mkt_a_{key}", None)


def open_saved(study_id: str) -> None:
    try:
        name, document = store.load_study(user, study_id)
    except PermissionDenied:
        flash("error", t("market.ui.not_found"))
        return
    study = Study.from_dict(document)
    widgets_from_study(study)
    try:
        found = comp.competition(study.codes, study.area, study.nomenclature)
    except MarketError as exc:
        flash("error", exc.message(lang()))
        return
    st.session_state[STUDY], st.session_state[COMPETITION] = study, found
    st.session_state[META] = {"id": study_id, "name": name}
    st.session_state["mkt_save_name"] = name


def duplicate_saved(study_id: str, name: str) -> None:
    try:
        store.duplicate_study(user, study_id, t("market.ui.copy_of", name=name))
        flash("success", t("market.ui.duplicated"))
    except PermissionDenied as exc:
        flash("error", t("core.account.confirm_first") if str(exc) == "unconfirmed" else t("market.ui.not_found"))


def delete_saved(study_id: str) -> None:
    try:
        store.delete_study(user, study_id)
        flash("success", t("market.ui.deleted"))
        if (st.session_state.get(META) or {}).get("id") == study_id:
            st.session_state[META] = {}
    except PermissionDenied:
        flash("error", t("market.ui.not_found"))


def save(result) -> None:
    meta = st.session_state.get(META) or {}
    name = st.session_state.get("mkt_save_name", "")
    document = result.study.to_dict() | {"figures": figures(result)}
    try:
        study_id = store.save_study(user, name, document, meta.get("id") if meta.get("name") == name else None)
    except PermissionDenied as exc:
        flash("warning" if str(exc) == "unconfirmed" else "error",
              t("core.account.confirm_first") if str(exc) == "unconfirmed" else t("market.ui.not_found"))
    except ValidationError as exc:
        flash("error", t(exc.key, **exc.values))
    else:
        st.session_state[META] = {"id": study_id, "name": name}
        flash("success", t("market.ui.saved"))


# -- sections -------------------------------------------------------------------------------------
def activity_picker() -> None:
    mode = st.radio(t("market.ui.activity"), ["preset", "codes"], key="mkt_activity_mode", horizontal=True,
                    format_func=lambda m: t(f"market.ui.activity_{m}"))
    if mode == "preset":
        st.selectbox(t("market.ui.activity_preset"), [a.key for a in ACTIVITIES], key="mkt_activity",
                     format_func=lambda k: f"{t(f'market.activity.{k}')} "
                                           f"({', '.join(next(a.codes for a in ACTIVITIES if a.key == k))})")
        return
    nomenclature = st.radio(t("market.ui.nomenclature"), list(naf.NOMENCLATURES), key="mkt_nomenclature",
                            horizontal=True, format_func=lambda n: t(f"market.nomenclature.{n}"),
                            help=t("market.ui.nomenclature_help"))
    if nomenclature == naf.REV2:
        query = st.text_input(t("market.ui.search"), key="mkt_search", placeholder="boulangerie, 56.10…")
        found = naf.search(query) if query else []
        options = list(dict.fromkeys([*(st.session_state.get("mkt_codes") or []), *(c for c, _ in found)]))
        st.multiselect(t("market.ui.codes"), options, key="mkt_codes",
                       format_func=lambda c: f"{c} — {naf.label(c)}")
    st.text_input(t("market.ui.codes_typed"), key="mkt_codes_typed", placeholder="10.71C, 10.71D, 47.24Z")
    items = areas.spending_items()
    st.selectbox(t("market.ui.coicop"), [""] + items["coicop"].tolist(), key="mkt_coicop",
                 format_func=lambda c: t("market.ui.coicop_none") if not c else
                 f"{c} — {items.set_index('coicop').loc[c, 'label']}")


def area_picker() -> None:
    kind = st.radio(t("market.ui.area"), AREA_KINDS, key="mkt_area_kind", horizontal=True,
                    format_func=lambda k: t(f"market.ui.area_{k}"))
    if kind in ("communes", "around_commune"):
        towns = areas.communes()
        names = dict(zip(towns["commune"], towns["name"] + " (" + towns["commune"] + ")", strict=True))
        if kind == "communes":
            st.multiselect(t("market.ui.communes"), list(names), key="mkt_communes", format_func=names.get)
        else:
            st.selectbox(t("market.ui.centre_commune"), list(names), key="mkt_centre_commune", format_func=names.get)
    elif kind == "departement":
        deps = areas.departements()
        names = dict(zip(deps["departement"], deps["departement"] + " " + deps["name"], strict=True))
        st.selectbox(t("market.ui.departement"), list(names), key="mkt_departement", format_func=names.get)
    elif kind == "around_address":
        address_picker()
    elif kind == "epci":
        found = areas.epcis()
        names = dict(zip(found["epci"], found["name"], strict=True))
        st.selectbox(t("market.ui.epci"), list(names), key="mkt_epci", format_func=names.get)
    else:
        c1, c2 = st.columns(2)
        c1.number_input(t("market.ui.lat"), value=45.76, format="%.5f", key="mkt_lat")
        c2.number_input(t("market.ui.lon"), value=4.84, format="%.5f", key="mkt_lon")
    if kind.startswith("around"):
        st.number_input(t("market.ui.km"), min_value=0.0, value=5.0, step=1.0, key="mkt_km",
                        help=t("market.ui.km_help", max=int(comp.MAX_KM)))


def address_picker() -> None:
    """The address typed, then the best matches of the BAN to pick from (the first one by default)."""
    typed = st.text_input(t("market.ui.address"), key="mkt_address", help=t("market.ui.address_help"),
                          placeholder="12 rue de la République, 69002 Lyon")
    if not typed.strip():
        return
    try:
        found = addresses.search(typed)
    except MarketError as exc:
        st.error(escape(exc.message(lang())))
        return
    st.selectbox(t("market.ui.address_match"), [a.label for a in found], key="mkt_address_match")


def competition_block(found, labels: str) -> None:
    st.subheader(t("market.ui.competition"))
    if found.area.area.address and (ban := dataset_label("ban", lang())):
        labels = f"{labels} ; {ban}"
    st.caption(labels)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("market.summary.competitors"), number(found.active))
    c2.metric(t("market.ui.density_area"), number(found.density, 2))
    c3.metric(t("market.ui.density_departement"), number(found.departement_density, 2))
    c4.metric(t("market.ui.density_national"), number(found.national_density, 2))
    st.caption(t("market.ui.population_caption", population=number(found.area.population),
                 area=found.area.label, nomenclature=t(f"market.nomenclature.{found.nomenclature}")))
    if found.mapped.empty:
        st.info(t("market.ui.no_points"))
    else:
        plotly_chart(competitors_map(found, lang()), key="mkt_map")
        missing = found.active - len(found.mapped)
        if missing:
            st.caption(t("market.ui.not_mapped", count=missing))


def frame(table) -> pd.DataFrame:
    return pd.DataFrame(table.rows, columns=table.columns)


def assumption_inputs(study: Study, found) -> Study:
    defaults, _ = assumptions(replace(study, assumptions={}), found.active)
    overrides = dict(st.session_state.get("mkt_overrides") or {})
    st.radio(t("market.ui.basis"), ["top_down", "customers", "capacity"], key="mkt_basis",
             format_func=lambda b: t(f"market.basis.{b}"))
    groups = (("household_size", "spending_per_household", "share_to_business", "disparity_index", "expected_share"),
              ("customers", "purchases_per_year", "basket"), ("capacity", "occupancy", "revenue_per_unit", "periods"))
    columns = st.columns(3)
    for column, keys in zip(columns, groups, strict=True):
        for key in keys:
            value = column.number_input(t(f"market.assumption.{key}"), min_value=0.0,
                                        value=float(overrides.get(key, defaults[key])),
                                        key=f"mkt_a_{key}", help=t(f"market.assumption.{key}.help"),
                                        format="%.4f" if defaults[key] < 1 and key.endswith(("share", "business"))
                                        else "%.2f")
            if abs(value - defaults[key]) > 1e-9:
                overrides[key] = value
            else:
                overrides.pop(key, None)
    st.session_state["mkt_overrides"] = overrides
    return replace(study, assumptions=overrides, basis=st.session_state.get("mkt_basis", "top_down"),
                   forecast_id=st.session_state.get("mkt_forecast"))


def forecast_picker() -> list[float] | None:
    listed = forecasts.list_forecasts(user)
    if not listed:
        st.info(t("market.ui.no_forecast"))
        st.session_state["mkt_forecast"] = None
        return None
    names = dict(listed)
    chosen = st.selectbox(t("market.ui.forecast"), [None, *names], key="mkt_forecast",
                          format_func=lambda i: t("market.ui.forecast_none") if i is None else names[i])
    if chosen is None:
        return None
    try:
        return forecasts.revenues(user, chosen)
    except PermissionDenied:
        st.error(t("market.ui.not_found"))
        return None


def sizing_block(study: Study, found) -> None:
    st.subheader(t("market.ui.sizing"))
    st.caption(t("market.ui.sizing_help"))
    study = assumption_inputs(study, found)
    revenues = forecast_picker()
    try:
        result = evaluate(study, revenues, lang(), competition=found)
    except MarketError as exc:
        st.error(exc.message(lang()))
        return
    c1, c2, c3 = st.columns(3)
    c1.metric(t("market.ui.market"), money(result.market, 0))
    c2.metric(t("market.summary.share"), percent(result.share, 1))
    c3.metric(t("market.summary.reachable"), money(result.reachable, 0))
    labels = " ; ".join(result.dataset_labels)
    st.caption(t("market.export.sources", sources=labels))
    st.dataframe(frame(market_tables.assumptions(result, lang())), hide_index=True, width="stretch")
    if result.checks:
        verdict = market_tables.worst_verdict(result)
        (st.success if verdict == "within" else st.warning if verdict == "ambitious" else st.error)(
            market_tables.verdict_text(verdict, lang()))
        st.dataframe(frame(market_tables.forecast_check(result, lang())), hide_index=True, width="stretch")
    save_and_export(result)


def save_and_export(result) -> None:
    st.subheader(t("market.ui.save_export"))
    name = st.session_state.get("mkt_save_name") or t("market.ui.default_name")
    if not user.confirmed:
        st.info(t("core.account.confirm_first"))
    else:
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        c1.text_input(t("market.ui.name"), value=name, key="mkt_save_name", max_chars=200)
        c2.button(t("market.ui.save"), key="mkt_save", on_click=save, args=(result,), icon=":material/save:",
                  width="stretch")
    c1, c2 = st.columns(2)
    c1.download_button(t("market.ui.excel"), data=partial(excel_report, result, name, lang()),
                       file_name="etude-de-marche.xlsx", key="mkt_excel", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/table_view:")
    c2.download_button(t("market.ui.pdf"), data=partial(pdf_report, result, name, lang()),
                       file_name="etude-de-marche.pdf", key="mkt_pdf", on_click="ignore", mime="application/pdf",
                       icon=":material/picture_as_pdf:")


def study_tab(labels: str) -> None:
    c1, c2 = st.columns(2)
    with c1:
        activity_picker()
    with c2:
        area_picker()
    st.button(t("market.ui.analyse"), type="primary", key="mkt_analyse", on_click=analyse,
              icon=":material/query_stats:")
    if (error := st.session_state.get(ERROR)) is not None:
        st.error(escape(error))  # it may quote what the user typed (an address)
    study, found = st.session_state.get(STUDY), st.session_state.get(COMPETITION)
    if study is None or found is None:
        return
    st.divider()
    competition_block(found, labels)
    c1, c2 = st.columns(2)
    c1.markdown(f"**{t('market.table.headcount')}**")
    c1.dataframe(frame(market_tables.headcount(found, lang())), hide_index=True, width="stretch")
    dynamics = frame(market_tables.dynamics(found, lang()))
    c2.markdown(f"**{t('market.table.dynamics')}**")
    c2.bar_chart(dynamics.astype({dynamics.columns[0]: str}).set_index(dynamics.columns[0]), stack=False, height=260)
    with st.expander(t("market.table.competitors") + f" ({number(found.active)})"):
        st.dataframe(frame(market_tables.competitors(found, lang())), hide_index=True, width="stretch")
    st.divider()
    sizing_block(study, found)


def saved_tab() -> None:
    items = store.list_studies(user)
    if not items:
        st.info(t("market.ui.none_saved"))
        return
    st.dataframe(pd.DataFrame([{t("market.ui.name"): s.name, t("market.ui.updated"): format_date(s.updated_at, True)}
                               for s in items]), hide_index=True, width="stretch")
    by_id = {s.id: s for s in items}
    pick = st.selectbox(t("market.ui.pick"), list(by_id), key="mkt_saved_pick", format_func=lambda i: by_id[i].name)
    c1, c2, c3 = st.columns(3)
    c1.button(t("market.ui.open"), key="mkt_open", type="primary", on_click=open_saved, args=(pick,),
              icon=":material/folder_open:")
    c2.button(t("market.ui.duplicate"), key="mkt_duplicate", on_click=duplicate_saved,
              args=(pick, by_id[pick].name), icon=":material/content_copy:")
    c3.checkbox(t("market.ui.delete_sure"), key="mkt_delete_sure")
    c3.button(t("market.ui.delete"), key="mkt_delete", on_click=delete_saved, args=(pick,),
              disabled=not st.session_state.get("mkt_delete_sure"), icon=":material/delete:")


def datasets_tab() -> None:
    found = store.datasets()
    if found:
        st.dataframe(pd.DataFrame([{t("market.ui.dataset"): d.kind, t("market.ui.file"): d.source_name,
                                    t("market.ui.file_date"): format_date(d.file_date),
                                    t("market.ui.rows"): d.row_count,
                                    t("market.ui.demo"): t("market.demo_label") if d.demo else "",
                                    t("market.ui.imported_at"): format_date(d.imported_at, True)}
                                   for d in found.values()]), hide_index=True, width="stretch")
    if not user.has("admin"):
        st.caption(t("market.ui.import_by_admin"))
        return
    st.markdown(f"**{t('market.ui.import_title')}**")
    st.caption(t("market.ui.import_help"))
    kind = st.selectbox(t("market.ui.import_kind"), list(IMPORT_KINDS), key="mkt_import_kind")
    path = st.text_input(t("market.ui.import_path"), key="mkt_import_path",
                         placeholder="/srv/insee/StockEtablissement_utf8.zip")
    if st.button(t("market.ui.import_go"), key="mkt_import_go", icon=":material/upload_file:"):
        bar = st.progress(0.0, text=t("market.progress.read_header"))
        script = get_script_run_ctx()

        def show(share: float, step: str) -> None:
            if get_script_run_ctx() is None:  # a long step reports from the import's watch thread
                add_script_run_ctx(threading.current_thread(), script)
            bar.progress(min(1.0, share), t(step))
        try:
            result = import_file(kind, Path(path.strip()), progress=show)
        except MarketError as exc:
            st.error(exc.message(lang()))
        else:
            st.success(t("market.cli.imported", rows=result.rows, kind=result.kind,
                         label=dataset_label(result.kind, lang())))


# -- page -------------------------------------------------------------------------------------------
st.title(t("core.page.market"))
st.caption(t("market.ui.intro"))
found_datasets = store.datasets()
ready = "sirene" in found_datasets and "population" in found_datasets
if not ready:
    st.warning(t("market.ui.no_datasets"))
    if not user.has("admin"):
        st.stop()
elif any(d.demo for d in found_datasets.values()):
    st.warning(t("market.demo_warning"), icon=":material/science:")
dataset_line = " ; ".join(filter(None, (dataset_label(k, lang()) for k in ("sirene", "geo", "population"))))
if (message := st.session_state.pop(FLASH, None)) is not None:
    {"success": st.success, "warning": st.warning, "error": st.error}[message[0]](escape(message[1]))
study_part, saved_part, data_part = st.tabs([t("market.ui.tab_study"), t("market.ui.tab_saved"),
                                             t("market.ui.tab_datasets")])
with study_part:
    if ready:
        study_tab(dataset_line)
with saved_part:
    saved_tab()
with data_part:
    datasets_tab()
