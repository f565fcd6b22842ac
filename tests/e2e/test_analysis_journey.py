"""A manager's journey in a real Chromium: log in, upload a real FEC, read the validation report and the
key figures, save the analysis, come back in a new session and reopen it from "Mes analyses"."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import shared_file
from tests.e2e.conftest import DEMO_PASSWORDS, wait_for_app, wait_for_login_cookie

pytestmark = pytest.mark.e2e
FEC = "123456789FEC20500930.txt"


def log_in(page, url: str) -> None:
    page.goto(url + "/login")
    wait_for_app(page)
    refuse = page.get_by_role("button", name="Tout refuser")
    if refuse.count():
        refuse.click()
        wait_for_app(page)
    page.get_by_role("textbox", name="Adresse e-mail").fill("demo.user@example.com")
    page.get_by_role("textbox", name="Mot de passe").fill(DEMO_PASSWORDS["user"])
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Connecté : demo.user@example.com").wait_for()
    wait_for_login_cookie(page)  # the browser goes through /api/session and back
    page.get_by_test_id("stSidebarNav").get_by_text("Analyse de mon entreprise").click()
    wait_for_app(page)


def net_result(page) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text="Résultat net").first
    metric.wait_for()
    return metric.get_by_test_id("stMetricValue").inner_text().replace("\u202f", " ").replace("\xa0", " ")


def test_upload_analyse_save_and_reopen(live_server, browser_page):
    path = shared_file("fec", FEC)
    expected = json.loads(shared_file("fec", "expected.json").read_text(encoding="utf-8"))["files"][FEC]
    net = f"{round(expected['computed_from_file']['resultat_net']):,} €".replace(",", " ")
    page = browser_page
    log_in(page, live_server.url)

    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(path))
    page.get_by_test_id("stFileChip").wait_for()                               # the name is shortened there
    page.get_by_test_id("stFileChipIconSpinner").wait_for(state="detached")    # upload finished
    wait_for_app(page)
    page.get_by_role("button", name="Analyser", exact=True).click()
    page.get_by_text("Lignes lues").wait_for(timeout=30_000)                   # the validation report
    rows = f"{expected['format_computed_from_file']['data_rows']:,}".replace(",", " ")
    assert rows in page.get_by_test_id("stMetric").filter(has_text="Lignes lues").inner_text().replace("\u202f", " ")
    assert net_result(page) == net                                             # key figures of the file

    page.get_by_role("textbox", name="Nom de l'analyse").fill("Parcours e2e")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Analyse enregistrée").wait_for()

    page.reload()                                          # a new session, still logged in (session cookie)
    wait_for_app(page)
    page.get_by_text("Connecté : demo.user@example.com").wait_for()
    page.get_by_role("tab", name="Mes analyses").click()
    picked = page.get_by_test_id("stSelectbox").filter(has_text="Analyse")
    assert "Parcours e2e" in (picked.inner_text() + picked.locator("input").first.input_value())
    page.get_by_role("button", name="Ouvrir").click()
    wait_for_app(page)
    assert net_result(page) == net
    page.get_by_role("heading", name="Parcours e2e").wait_for()

    page.get_by_role("tab", name="Export").click()                             # the workbook is built on click
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Classeur Excel (tous les tableaux)").click()
    assert download.value.suggested_filename == "analyse-123456789-2023-04-30.xlsx"
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"
