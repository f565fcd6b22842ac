"""The market page's widgets <-> the study document (market.study.Study): what the user chose is read
from the widgets' session state, and a reopened study is written back into it."""
from __future__ import annotations

import streamlit as st

from market import competition as comp
from market import naf
from market.activities import ACTIVITIES
from market.study import DEFAULTS, Study

AREA_KINDS = ("communes", "departement", "epci", "around_commune", "around_address", "around_point")


def study_from_widgets() -> Study:
    s = st.session_state
    kind = s.get("mkt_area_kind", "departement")
    if kind == "communes":
        area = comp.Area("communes", tuple(s.get("mkt_communes") or ()))
    elif kind == "departement":
        area = comp.Area("departement", (s.get("mkt_departement"),) if s.get("mkt_departement") else ())
    elif kind == "epci":
        area = comp.Area("epci", (s.get("mkt_epci"),) if s.get("mkt_epci") else ())
    elif kind == "around_commune":
        area = comp.Area("radius", around=s.get("mkt_centre_commune"), km=s.get("mkt_km"))
    elif kind == "around_address":  # the match picked among the search's best, else the text as typed
        typed = (s.get("mkt_address") or "").strip()
        area = comp.Area("radius", address=(s.get("mkt_address_match") or typed) if typed else "",
                         km=s.get("mkt_km"))
    else:
        area = comp.Area("radius", lat=s.get("mkt_lat"), lon=s.get("mkt_lon"), km=s.get("mkt_km"))
    if s.get("mkt_activity_mode", "preset") == "preset":
        return Study.for_activity(s.get("mkt_activity", ACTIVITIES[0].key), area)
    codes = [c for c in (s.get("mkt_codes") or []) if c] + [c for c in (s.get("mkt_codes_typed") or "").split(",")
                                                              if c.strip()]
    return Study(codes, area, nomenclature=s.get("mkt_nomenclature", naf.REV2), coicop=s.get("mkt_coicop") or "")


def widgets_from_study(study: Study) -> None:
    s = st.session_state
    area = study.area
    if area.kind == "radius":
        s["mkt_area_kind"] = "around_address" if area.address else "around_commune" if area.around else "around_point"
        s["mkt_address"] = area.address or ""
        s["mkt_centre_commune"], s["mkt_km"] = area.around, float(area.km or 5)
        if area.lat is not None:
            s["mkt_lat"], s["mkt_lon"] = float(area.lat), float(area.lon)
    else:
        s["mkt_area_kind"] = area.kind
        key = {"communes": "mkt_communes", "departement": "mkt_departement", "epci": "mkt_epci"}[area.kind]
        s[key] = list(area.codes) if area.kind == "communes" else (area.codes[0] if area.codes else None)
    if study.activity:
        s["mkt_activity_mode"], s["mkt_activity"] = "preset", study.activity
    else:
        s["mkt_activity_mode"], s["mkt_nomenclature"] = "codes", study.nomenclature
        s["mkt_codes"], s["mkt_codes_typed"], s["mkt_coicop"] = [], ",".join(study.codes), study.coicop
    s["mkt_basis"] = study.basis
    for key in DEFAULTS:
        s.pop(f"mkt_a_{key}", None)
    s["mkt_overrides"] = dict(study.assumptions)
    s["mkt_forecast"] = study.forecast_id
