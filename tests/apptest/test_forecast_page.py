"""The forecast page through the real navigation: the guided form (bad input beside its field, nothing
lost between steps), save as versions, reopen, duplicate, delete; a plan uploaded as JSON (and a file that
is not one); the outputs and exports; anonymous visitors never reach it.

st.file_uploader and st.data_editor cannot be driven by AppTest: the page queues an uploaded file as
(name, bytes) in session state on the Import click and reads it on the next run, so the tests put the bytes
in that queue (the browser journey in tests/e2e/test_forecast_journey.py uploads and edits for real).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from accounts import get_user_by_email
from forecast.store import list_forecasts, list_versions

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "forecast"))
from forecast_helpers import sample_dict  # noqa: E402

PAGE = "../pages/forecast.py"


@pytest.fixture
def page(make_app):
    def open_page(role: str = "user"):
        at = make_app(role)
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return at
    return open_page


def texts(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "success", "warning", "error", "info", "subheader")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def field(at, label: str):
    return next(w for w in at.text_input if w.label == label)


def upload(at, document, name: str = "plan.json"):
    at.session_state["fc_pending_json"] = (name, json.dumps(document).encode() if not isinstance(document, bytes)
                                           else document)
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_form_flags_bad_input_beside_the_field_and_keeps_the_draft(page):
    at = page()
    assert "Le projet" in texts(at)
    field(at, "Nom du projet").input("").run()
    assert any("obligatoire" in e.value for e in at.error)               # the model's message, at the field
    field(at, "Nom du projet").input("Boulangerie Dupont").run()
    assert not any("obligatoire" in e.value for e in at.error)
    at.session_state["fc_step"] = "financing"
    at.run()
    at.session_state["fc_step"] = "project"
    at.run()
    assert field(at, "Nom du projet").value == "Boulangerie Dupont"      # nothing lost between steps
    assert at.session_state["fc_draft"]["project"]["name"] == "Boulangerie Dupont"


def test_a_closing_before_the_start_is_flagged_beside_the_date(page):
    from datetime import date

    at = page()
    closing = next(w for w in at.date_input if w.label == "Date de la première clôture")
    closing.set_value(date(2020, 1, 31)).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["La date de clôture est avant le mois de démarrage."]
    at.text_input(key="fc_save_name").input("Plan impossible").run()
    at.button(key="fc_save").click().run()
    assert any("n'est pas enregistré" in e.value for e in at.error)
    assert list_forecasts(get_user_by_email("demo.user@example.com")) == []


def test_save_versions_reopen_duplicate_delete(page):
    at = page()
    at.session_state["fc_tab"] = "Fichier JSON"                          # where the upload happens
    at = upload(at, sample_dict())
    assert any("importé" in s.value for s in at.success)
    at.session_state["fc_tab"] = "Saisie"
    at.run()
    assert at.text_input(key="fc_save_name").value == "Café des Halles"  # the plan's name, ready to save
    user = get_user_by_email("demo.user@example.com")
    assert list_forecasts(user) == []                                    # an upload alone saves nothing
    at.text_input(key="fc_save_name").input("Café v1").run()
    at.button(key="fc_save").click().run()
    assert any("version 1" in s.value for s in at.success)
    (saved,) = list_forecasts(user)
    draft = at.session_state["fc_draft"]
    draft["charges"][0]["amount"] = 2500.0                              # the rent, edited in another step
    at.session_state["fc_draft"] = draft
    at.text_input(key="fc_save_note").input("loyer revu").run()
    at.button(key="fc_save").click().run()
    assert any("version 2" in s.value for s in at.success)
    assert [(v.version, v.note) for v in list_versions(user, saved.id)] == [(2, "loyer revu"), (1, "")]
    at.session_state["fc_tab"] = "Résultats"
    at.session_state["fc_view"] = "Versions comparées"
    at.run()
    changed = at.dataframe[0].value
    assert changed.iloc[:, 0].tolist() == ["charges[0].amount"] and changed.iloc[0, 2] == "2500.0"
    at.session_state["fc_tab"] = "Saisie"
    at.run()

    fresh = page()                                                       # a new session: reopen version 1
    fresh.session_state["fc_tab"] = "Mes prévisionnels"
    fresh.run()
    assert fresh.session_state["fc_saved_pick"] == saved.id
    fresh.selectbox(key="fc_version_pick").select(1).run()
    fresh.button(key="fc_open").click().run()
    assert fresh.session_state["fc_meta"] == {"id": saved.id, "name": "Café v1", "version": 1}
    assert fresh.session_state["fc_draft"]["project"]["name"] == "Café des Halles"

    fresh.text_input(key="fc_duplicate_name").input("Café, variante").run()
    fresh.button(key="fc_duplicate").click().run()
    assert sorted(f.name for f in list_forecasts(user)) == ["Café v1", "Café, variante"]
    fresh.checkbox(key="fc_delete_sure").check().run()
    fresh.button(key="fc_delete_go").click().run()
    assert len(list_forecasts(user)) == 1 and not fresh.exception


def test_a_file_that_is_not_a_plan_is_refused_with_a_message(page):
    at = upload(page(), b"\x89PNG not json at all")
    assert any("n'est pas un prévisionnel valide" in e.value for e in at.error)
    at = upload(at, {"project": {"name": "x", "start": "2026-13"}})
    errors = " ".join(e.value for e in at.error)
    assert "n'est pas un prévisionnel valide" in errors and "Premier mois d'activité" in errors
    assert at.session_state["fc_draft"]["project"].get("start") != "2026-13"   # the draft was not replaced
    huge = sample_dict()
    huge["revenue"] = huge["revenue"][:1] * 1000
    at = upload(at, huge)
    assert any("1000 lignes" in e.value and "200" in e.value for e in at.error), [e.value for e in at.error]
    assert list_forecasts(get_user_by_email("demo.user@example.com")) == []


def test_outputs_render_for_a_valid_plan(page):
    at = upload(page(), sample_dict())
    at.session_state["fc_tab"] = "Résultats"
    at.run()
    assert not at.exception, at.exception
    for view in ("Synthèse", "Plan de financement", "Compte de résultat", "Trésorerie", "Seuil et BFR",
                 "Emprunts et amortissements", "Bilan", "Scénarios", "Réel et prévu", "Paramètres légaux",
                 "Versions comparées", "Export"):
        at.session_state["fc_view"] = view
        at.run()
        assert not at.exception, (view, at.exception)
        assert at.dataframe or at.info or at.metric or at.get("download_button"), view
    at.session_state["fc_view"] = "Synthèse"
    at.run()
    assert len(at.get("plotly_chart")) == 2 and any(m.label.startswith("Point bas de trésorerie (") for m in at.metric)
    for chart in at.get("plotly_chart"):                  # in French, amounts in full: no "27,0135k"
        spec, config = json.loads(chart.proto.spec), json.loads(chart.proto.config)
        assert config["locale"] == "fr" and config["locales"]["fr"]["format"]["decimal"] == ","
        assert spec["layout"]["yaxis"]["exponentformat"] == "none"
    at.session_state["fc_view"] = "Bilan"
    at.run()
    assert any("équilibré" in s.value for s in at.success)


def test_anonymous_visitors_cannot_open_the_page(make_app):
    at = make_app("anonymous")
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def test_every_step_shows_the_plan_and_gives_it_back_unchanged(page):
    from forecast.model import Plan

    at = upload(page(), sample_dict())
    for step in ("project", "revenue", "costs", "staff", "investments", "financing", "project"):
        at.session_state["fc_step"] = step
        at.run()
        assert not at.exception, (step, at.exception)
        assert not at.error, (step, [e.value for e in at.error])
    assert Plan.from_dict(at.session_state["fc_draft"]) == Plan.from_dict(sample_dict())
    at.session_state["fc_step"] = "revenue"
    at.run()
    assert "Lignes de chiffre d'affaires" in texts(at)


def saved_analysis(year: int, name: str) -> str:
    from finance.analysis import analyse
    from finance.demo import demo_fec
    from finance.store import save_analysis

    user = get_user_by_email("demo.user@example.com")
    return save_analysis(user, name, analyse(demo_fec(year, 1.0), names=[f"999999999FEC{year}1231.txt"]))


def test_start_from_a_sector_template_or_from_a_saved_analysis(page):
    saved_analysis(2025, "Comptes 2025")
    at = page()
    at.radio(key="fc_start_source").set_value("template").run()
    at.selectbox(key="fc_start_template").select("retail").run()
    at.button(key="fc_start_go").click().run()
    assert any("Modèle chargé" in s.value for s in at.success)
    assert at.session_state["fc_draft"]["revenue"][0]["name"] == "Ventes en magasin"
    at.radio(key="fc_start_source").set_value("analysis").run()
    at.button(key="fc_start_go").click().run()
    assert any("depuis vos comptes" in s.value for s in at.success), [e.value for e in at.error]
    draft = at.session_state["fc_draft"]
    assert draft["project"]["start"] == "2026-01" and draft["opening"]["cash"] > 0   # the 2025 closing balances
    assert list_forecasts(get_user_by_email("demo.user@example.com")) == []          # nothing saved yet


def test_scenarios_and_actual_against_plan(page):
    saved_analysis(2027, "Comptes 2027")
    at = upload(page(), sample_dict())
    at.session_state["fc_tab"] = "Résultats"
    at.session_state["fc_view"] = "Scénarios"
    at.run()
    assert not at.exception, at.exception
    side_by_side = at.dataframe[0].value
    assert list(side_by_side.columns[1:4]) == ["Pessimiste", "Réaliste", "Optimiste"]
    assert "Prix" in at.dataframe[1].value.iloc[:, 0].tolist()                      # the sensitivity table
    at.session_state["fc_view"] = "Réel et prévu"
    at.run()
    assert not at.exception, at.exception
    months = at.dataframe[0].value.columns[1:-1]
    assert len(months) == 12 and months[0] == "janv. 27"                            # the months both cover
    assert at.get("plotly_chart") and (at.warning or at.info)                       # the gap explained


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_untranslated_key_on_any_view(page, lang):
    at = page()
    at.session_state["lang"] = lang
    at = upload(at, sample_dict())
    seen = [texts(at)]
    for step in ("project", "revenue", "costs", "staff", "investments", "financing"):
        at.session_state["fc_step"] = step
        at.run()
        seen.append(texts(at))
        seen += [w.label for kind in ("text_input", "number_input", "selectbox", "date_input", "checkbox")
                 for w in getattr(at, kind)]
    at.session_state["fc_tab"] = at.tabs[1].label
    at.run()
    views = [tab.label for tab in at.tabs[4:]]          # the output views (after the page's four tabs)
    assert len(views) == 12
    for view in views:
        at.session_state["fc_view"] = view
        at.run()
        assert not at.exception, (view, at.exception)
        seen.append(texts(at))
        for frame in at.dataframe:
            data = frame.value
            seen += [str(c) for c in data.columns] + [str(v) for v in data.iloc[:, 0]]
        seen += [str(m.label) for m in at.metric]
    raw = [s for s in seen if "forecast_ui." in s or "forecast." in s or "finance.sig." in s]
    assert not raw, raw[:5]


def test_every_role_holding_the_user_role_can_open_it(page):
    for role in ("staff", "dpo", "admin"):
        at = page(role)
        assert "Le projet" in texts(at)


def test_a_later_fec_uploaded_on_the_page_is_compared_without_being_saved(page):
    from finance.demo import demo_fec
    from finance.store import list_analyses

    at = upload(page(), sample_dict())
    at.session_state["fc_tab"] = "Résultats"
    at.session_state["fc_view"] = "Réel et prévu"
    at.session_state["fc_actual_pending"] = ("not-a-fec.txt", b"hello\tworld\n")
    at.run()
    assert any("pas un FEC exploitable" in e.value for e in at.error) and not at.exception
    at.session_state["fc_actual_pending"] = ("999999999FEC20271231.txt", demo_fec(2027, 1.0))
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="fc_actual_pick").value == "fc_actual"
    assert at.dataframe[0].value.columns[1] == "janv. 27"
    assert list_analyses(get_user_by_email("demo.user@example.com")) == []


def test_number_fields_are_written_and_read_the_french_way(page):
    at = page()
    rate = field(at, next(w.label for w in at.text_input if w.label.endswith("(%)")))
    assert rate.value == "8"                                              # 0.08 as a percent
    rate.input("12,5").run()
    assert not at.exception, at.exception
    assert at.session_state["fc_draft"]["project"]["overdraft_rate"] == 0.125
    assert field(at, rate.label).value == "12,5"                          # what was typed, kept
    field(at, rate.label).input("douze").run()
    assert at.error and field(at, rate.label).value == "douze"            # the model says so, nothing lost
