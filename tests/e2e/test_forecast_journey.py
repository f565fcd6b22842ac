"""A creator's journey in a real Chromium: log in, open the forecast page, upload a plan (JSON), type the
project's name in the form, save, reload the page (a new session, still logged in) and reopen it from
"Mes prévisionnels", read the results and the scenarios, download the Excel workbook and the PDF dossier,
and check the PDF opens (it parses and holds the project's name)."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.e2e.conftest import DEMO_PASSWORDS, log_in, wait_for_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "forecast"))
from forecast_app_helpers import pdf_text  # noqa: E402
from forecast_helpers import sample_dict  # noqa: E402

pytestmark = pytest.mark.e2e


def open_forecast(page, url: str, consent: str | None = "Tout refuser") -> None:
    log_in(page, url, "demo.user@example.com", DEMO_PASSWORDS["user"], consent=consent)
    page.get_by_test_id("stSidebarNav").get_by_text("Prévisionnel").click()
    wait_for_app(page)


def test_create_save_reopen_and_export(live_server, browser_page, tmp_path):
    page = browser_page
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(sample_dict()), encoding="utf-8")
    open_forecast(page, live_server.url)

    page.get_by_role("tab", name="Fichier JSON").click()
    wait_for_app(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(plan_file))
    page.get_by_test_id("stFileChip").wait_for()
    page.get_by_test_id("stFileChipIconSpinner").wait_for(state="detached")
    wait_for_app(page)
    page.get_by_role("button", name="Importer", exact=True).click()
    page.get_by_text("Prévisionnel importé").wait_for()

    page.get_by_role("tab", name="Saisie").click()
    wait_for_app(page)
    page.get_by_test_id("stButtonGroup").get_by_text("Chiffre d'affaires", exact=True).click()  # a table editor
    wait_for_app(page)
    page.get_by_test_id("stDataFrame").first.wait_for()
    page.get_by_test_id("stButtonGroup").get_by_text("Le projet", exact=True).click()
    wait_for_app(page)
    assert page.get_by_test_id("stException").count() == 0
    name = page.get_by_role("textbox", name="Nom du projet")
    name.fill("Café du Parcours")
    name.press("Enter")
    wait_for_app(page)
    page.get_by_role("textbox", name="Nom du prévisionnel").fill("Parcours e2e")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Prévisionnel enregistré (version 1)").wait_for()

    page.reload()                              # a new session of the app; the login cookie keeps the user in
    wait_for_app(page)
    page.get_by_role("tab", name="Mes prévisionnels").wait_for()
    page.get_by_role("tab", name="Mes prévisionnels").click()
    wait_for_app(page)
    page.get_by_role("button", name="Ouvrir").click()
    page.get_by_text("« Parcours e2e » ouvert (version 1)").wait_for()

    page.get_by_role("tab", name="Résultats").click()
    wait_for_app(page)
    page.get_by_role("tab", name="Scénarios").click()                        # scenarios side by side
    wait_for_app(page)
    page.get_by_text("Scénarios côte à côte").wait_for()
    page.get_by_text("Sensibilité : chaque hypothèse").wait_for()
    page.get_by_role("tab", name="Export").click()
    wait_for_app(page)
    with page.expect_download() as excel:
        page.get_by_role("button", name="Classeur Excel").click()
    assert excel.value.suggested_filename == "previsionnel-2026-09.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(excel.value.path()).read_bytes()))
    assert any(c.data_type == "f" for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    with page.expect_download() as pdf:
        page.get_by_role("button", name="Dossier PDF pour la banque").click()
    text = pdf_text(Path(pdf.value.path()).read_bytes())
    assert "Café du Parcours" in text and "Prévisionnel financier" in text
