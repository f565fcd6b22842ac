"""Saved studies (ownership in the data layer), the exports, the personal-data map and the command line."""
from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from accounts import PermissionDenied, get_user_by_email
from demo.seed import seed_accounts
from market import cli, export, forecasts, store
from market import competition as comp
from market.study import Study, evaluate, figures
from privacy.datamap import DATAMAP


@pytest.fixture
def people(demo_data):
    seed_accounts()
    return get_user_by_email("demo.user@example.com"), get_user_by_email("demo.staff@example.com")


@pytest.fixture
def result(demo_data):
    study = Study.for_activity("bakery", comp.Area("radius", around="69007", km=10))
    return evaluate(study, [300_000, 420_000, 600_000])


def test_save_open_duplicate_delete_and_nobody_else(people, result):
    owner, other = people
    document = result.study.to_dict() | {"figures": figures(result)}
    study_id = store.save_study(owner, "Boulangerie", document)
    name, loaded = store.load_study(owner, study_id)
    assert name == "Boulangerie" and Study.from_dict(loaded) == result.study
    assert loaded["figures"]["datasets"][0] == "Sirene au 30/11/2026 — données de démonstration"
    copy = store.duplicate_study(owner, study_id, "Copie")
    assert {s.name for s in store.list_studies(owner)} == {"Boulangerie", "Copie"} and copy != study_id
    assert store.list_studies(other) == []
    for action in (lambda: store.load_study(other, study_id), lambda: store.delete_study(other, study_id),
                   lambda: store.save_study(other, "volée", document, study_id),
                   lambda: store.duplicate_study(other, study_id, "x"), lambda: store.load_study(owner, "nope")):
        with pytest.raises(PermissionDenied):
            action()
    store.delete_study(owner, study_id)
    assert [s.name for s in store.list_studies(owner)] == ["Copie"]
    with pytest.raises(PermissionDenied):
        store.save_study(None, "x", document)


def test_studies_are_in_the_personal_data_map():
    entry = next(e for e in DATAMAP if e.table == "market_studies")
    assert entry.by_user == "user_id" and "payload" in entry.export_columns


def test_excel_has_every_table_and_neutralised_text(result):
    book = load_workbook(io.BytesIO(export.excel_report(result, "=HYPERLINK(\"x\")", "fr")))
    assert book.sheetnames == ["Synthèse", "Hypothèses", "Marché par méthode", "Prévisionnel face au marché",
                               "Tranches d’effectifs", "Créations et fermetures", "Concurrents"]
    summary = book["Synthèse"]
    assert summary["A1"].value.startswith("'=")  # a formula-looking name stays text
    assert "données de démonstration" in summary["A2"].value
    rows = {r[0].value: r[1].value for r in summary.iter_rows(min_row=5) if r[0].value}
    assert rows["Concurrents actifs"] == result.competition.active
    assert book["Concurrents"].max_row == 4 + result.competition.active


def test_pdf_has_the_map_and_the_verdict(result):
    pdf = export.pdf_report(result, "Boulangerie", "en")
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" in pdf
    assert export.map_png(result, "en").startswith(b"\x89PNG")


def test_the_forecast_contract(people, result, monkeypatch):
    """parallel.md's contract, with a stand-in for forecast.store until that branch is merged."""
    owner, other = people

    class SavedForecast:
        id, name = "f-1", "Plan 2027"

    def revenue_by_year(actor, forecast_id):
        if actor != owner or forecast_id != "f-1":
            raise PermissionDenied("forecast")
        return [300_000, 420_000, 600_000]

    stand_in = type("Module", (), {"list_forecasts": staticmethod(lambda actor: [SavedForecast()] if actor == owner
                                                                   else []),
                                   "revenue_by_year": staticmethod(revenue_by_year)})
    monkeypatch.setattr(forecasts, "_module", lambda: None)
    assert forecasts.list_forecasts(owner) is None and forecasts.revenues(owner, "f-1") == []
    monkeypatch.setattr(forecasts, "_module", lambda: stand_in)
    assert forecasts.list_forecasts(owner) == [("f-1", "Plan 2027")] and forecasts.list_forecasts(other) == []
    with pytest.raises(PermissionDenied):
        forecasts.revenues(other, "f-1")
    checked = evaluate(result.study, forecasts.revenues(owner, "f-1"), competition=result.competition)
    assert [c.revenue for c in checked.checks] == [300_000, 420_000, 600_000]
    assert checked.checks[0].implied_share == pytest.approx(300_000 / checked.market)


def test_cli_competitors_json_and_bad_input(demo_data, capsys):
    assert cli.main(["competitors", "--naf", "10.71C,10.71D", "--departement", "69", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["count"] == len(out["sirets"]) > 0 and out["density_per_10000"] > 0
    found = comp.competition(["10.71C", "10.71D"], comp.Area("departement", ("69",)))
    assert out["count"] == found.active and out["sources"][0].startswith("Sirene au 30/11/2026")
    assert cli.main(["competitors", "--naf", "10.71C", "--around", "45.76,4.84", "--km", "10", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["count"] > 0
    assert cli.main(["--lang", "en", "competitors", "--naf", "99.99Z", "--departement", "69"]) == 2
    assert "Unknown NAF rév. 2 code" in capsys.readouterr().err
    assert cli.main(["competitors", "--naf", "10.71C", "--around", "45.7,4.8", "--km", "10000"]) == 2
    assert "rayon" in capsys.readouterr().err


def test_cli_import_reports_progress_and_refuses_the_wrong_file(db, tmp_path, capsys):
    from market.demo import write_files
    files = write_files(tmp_path / "files")
    assert cli.main(["import", "population", str(files["population"])]) == 0
    captured = capsys.readouterr()
    assert "40 lignes importées" in captured.out and "Import terminé" in captured.err
    assert cli.main(["import", "sirene", str(files["bpe"])]) == 2
    assert "ressemble à la Base permanente des équipements" in capsys.readouterr().err


def test_export_and_erasure_cover_studies(people, result):
    from privacy.erasure import erase_person
    from privacy.export import collect

    owner, other = people
    document = result.study.to_dict() | {"figures": figures(result)}
    store.save_study(owner, "À exporter", document)
    store.save_study(other, "Autre", document)
    exported = collect(user_id=owner.id)["market_studies"]
    assert [row["name"] for row in exported] == ["À exporter"] and "radius" in str(exported[0]["payload"])
    erase_person(owner, user_id=owner.id, reason="test")
    assert store.list_studies(other)[0].name == "Autre"
    from storage import get_db
    assert get_db().query_one("SELECT count(*) FROM market_studies WHERE user_id = ?", [owner.id]) == (0,)
