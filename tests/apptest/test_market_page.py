"""The market page through the real navigation, on the demo datasets: choose an activity and an area,
see the competition and its map, size the market (no forecast yet), save, reopen, duplicate, delete;
bad input shows its message; visitors cannot open the page."""
from __future__ import annotations

import pytest

from accounts import get_user_by_email
from market import store
from market.demo import import_demo

PAGE = "../pages/market.py"


@pytest.fixture
def page(make_app, tmp_path):
    import_demo(tmp_path / "demo-files")

    def open_page(role: str = "user"):
        at = make_app(role)
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return at
    return open_page


def texts(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts).replace("\\", "")  # as shown: messages quoting input are escaped


def analyse_departement(at):
    at.radio(key="mkt_area_kind").set_value("departement").run()
    at.selectbox(key="mkt_departement").select("69").run()
    at.button(key="mkt_analyse").click().run()
    assert not at.exception, at.exception
    return at


def test_competition_sizing_save_and_reopen(page):
    at = analyse_departement(page("user"))
    shown = texts(at)
    assert "Données de démonstration" in shown and "Sirene au 30/11/2026 — données de démonstration" in shown
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Concurrents actifs"].replace("\u202f", "")) > 0
    assert at.get("plotly_chart"), "the map of competitors"
    assert "Pas encore de prévisionnel" in shown  # no forecast module / no forecast: said so
    assert "Marché annuel" in metrics and metrics["Chiffre d’affaires atteignable par an"].endswith("€")
    at.number_input(key="mkt_a_disparity_index").set_value(1.2).run()
    assert any("Modifié par vous" in d.value.to_string() for d in at.dataframe)
    at.text_input(key="mkt_save_name").input("Boulangerie Rhône").run()
    at.button(key="mkt_save").click().run()
    assert not at.exception, at.exception
    owner = get_user_by_email("demo.user@example.com")
    (saved,) = store.list_studies(owner)
    assert saved.name == "Boulangerie Rhône"
    name, document = store.load_study(owner, saved.id)
    assert document["assumptions"] == {"disparity_index": 1.2} and document["figures"]["demo"] is True
    at.button(key="mkt_duplicate").click().run()
    assert len(store.list_studies(owner)) == 2
    at.button(key="mkt_open").click().run()
    assert not at.exception, at.exception
    assert at.number_input(key="mkt_a_disparity_index").value in (1.0, 1.2)


def test_bad_radius_and_missing_area_have_messages(page):
    at = page("user")
    at.radio(key="mkt_area_kind").set_value("around_commune").run()
    at.number_input(key="mkt_km").set_value(0.0).run()
    at.button(key="mkt_analyse").click().run()
    assert "Le rayon doit être compris entre 0 et 100 km" in texts(at)
    at.radio(key="mkt_area_kind").set_value("communes").run()
    at.button(key="mkt_analyse").click().run()
    assert "Choisissez la zone" in texts(at)
    assert not at.exception


def test_free_codes_with_an_unknown_one(page):
    at = page("user")
    at.radio(key="mkt_activity_mode").set_value("codes").run()
    at.text_input(key="mkt_codes_typed").input("10.71C, 99.99Z").run()
    at.radio(key="mkt_area_kind").set_value("departement").run()
    at.button(key="mkt_analyse").click().run()
    assert "Code NAF rév. 2 inconnu : « 99.99Z »" in texts(at)


def test_another_user_sees_none_of_the_studies(page):
    at = analyse_departement(page("user"))
    at.button(key="mkt_save").click().run()
    other = page("staff")
    assert "Aucune étude enregistrée." in texts(other)


def test_without_datasets_the_page_says_what_is_missing(make_app):
    at = make_app("user")
    at.switch_page(PAGE).run()
    assert "Aucun jeu de données n’est importé" in texts(at) and not at.exception


def test_anonymous_is_refused(make_app):
    at = make_app("anonymous")
    with pytest.raises(ValueError):
        at.switch_page(PAGE).run()


def test_an_admin_imports_a_file_from_the_server_and_a_wrong_one_is_refused(page, tmp_path):
    from market.demo import write_files
    files = write_files(tmp_path / "server")
    at = page("admin")
    at.selectbox(key="mkt_import_kind").select("sirene").run()
    at.text_input(key="mkt_import_path").input(str(files["bpe"])).run()
    at.button(key="mkt_import_go").click().run()
    assert "ressemble à la Base permanente des équipements" in texts(at)
    at.selectbox(key="mkt_import_kind").select("population").run()
    at.text_input(key="mkt_import_path").input(str(files["population"])).run()
    at.button(key="mkt_import_go").click().run()
    assert "40 lignes importées (population)" in texts(at) and not at.exception
    user_view = page("user")
    assert "importés par un administrateur" in texts(user_view)
    with pytest.raises(KeyError):
        user_view.button(key="mkt_import_go")


def test_compare_with_a_saved_forecast(page):
    import sys
    from pathlib import Path

    from forecast.store import save_forecast
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "forecast"))
    from forecast_helpers import sample_dict

    owner = get_user_by_email("demo.user@example.com")
    forecast_id, _ = save_forecast(owner, "Café des Halles", sample_dict())
    at = analyse_departement(page("user"))
    at.selectbox(key="mkt_forecast").select(forecast_id).run()
    assert not at.exception, at.exception
    verdicts = [e.value for kind in ("success", "warning", "error") for e in getattr(at, kind)]
    assert any(v.startswith(("Plausible", "Ambitieux", "Peu réaliste", "Impossible")) for v in verdicts)
    assert any("Part de marché impliquée" in d.value.columns for d in at.dataframe)


def test_radius_around_an_address(page):
    at = page("user")
    at.radio(key="mkt_area_kind").set_value("around_address").run()
    at.button(key="mkt_analyse").click().run()
    assert "Adresse incomplète : indiquez la voie et le code postal ou la commune" in texts(at)
    at.text_input(key="mkt_address").input("5 RUE DE LA REPUBLIQUE, 69007").run()
    match = at.selectbox(key="mkt_address_match")
    assert match.value.startswith("5 Rue de la République, 69007 ")
    at.number_input(key="mkt_km").set_value(3.0).run()
    at.button(key="mkt_analyse").click().run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "BAN (fichier du 30/11/2026) — données de démonstration" in shown and match.value in shown
    assert int(at.metric[0].value.replace("\u202f", "")) >= 0 and at.get("plotly_chart")
    at.text_input(key="mkt_address").input("1 rue *Nulle* Part, 69007").run()
    (error,) = [e.value for e in at.error]  # escaped: the typed text is shown as typed, not as Markdown
    assert error.startswith("Adresse introuvable dans la BAN importée \\: « 1 rue \\*Nulle\\* Part, 69007 »")
    assert not at.exception


def test_an_address_without_an_imported_ban_says_so(page, db):
    db.execute("DELETE FROM audience.market_datasets WHERE kind = 'ban'")
    at = page("user")
    at.radio(key="mkt_area_kind").set_value("around_address").run()
    at.text_input(key="mkt_address").input("5 rue de la République, 69007").run()
    assert "Aucune Base Adresse Nationale (BAN) n’est importée" in texts(at)
    at.button(key="mkt_analyse").click().run()
    assert [e.value.replace("\\", "") for e in at.error] == [
        "Aucune Base Adresse Nationale (BAN) n’est importée : la recherche d’adresse n’est pas disponible. Un "
        "administrateur peut importer adresses-france.csv (ou le fichier d’un département) ; en attendant, "
        "choisissez un rayon autour d’une commune ou d’un point."] * 2 and not at.exception
