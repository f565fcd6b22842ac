"""A creator's journey in a real Chromium on the demo datasets: choose the activity and the area, see the
competition and its map, size the market, compare it with the creator's saved forecast (the verdict and
the implied share), save the study, export it to Excel and PDF."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from market.demo import import_demo
from tests.conftest import start_smtp
from tests.e2e.conftest import DEMO_PASSWORDS, log_in, start_server, stop_server, wait_for_app

pytestmark = pytest.mark.e2e


def seed(folder: Path) -> None:
    from accounts import get_user_by_email
    from forecast.store import save_forecast
    from tests.unit.forecast.forecast_helpers import sample_dict

    import_demo(folder)
    save_forecast(get_user_by_email("demo.user@example.com"), "Café des Halles", sample_dict())


@pytest.fixture
def market_server(tmp_path):
    controller, sink = start_smtp()
    proc, url, _ = start_server(tmp_path / "live", sink.port, seed=lambda: seed(tmp_path / "demo-files"))
    yield url
    stop_server(proc)
    controller.stop()


def test_study_competition_map_sizing_save_export(market_server, browser_page):
    page = browser_page
    log_in(page, market_server, "demo.user@example.com", DEMO_PASSWORDS["user"])
    page.get_by_test_id("stSidebarNav").get_by_text("Étude de marché").click()
    wait_for_app(page)

    page.get_by_text("Rayon autour d’une commune").click()          # the activity stays the bakery preset
    wait_for_app(page)
    page.get_by_role("button", name="Analyser la concurrence").click()
    wait_for_app(page)
    competitors = page.get_by_test_id("stMetric").filter(has_text="Concurrents actifs")
    competitors.wait_for()
    assert int(competitors.get_by_test_id("stMetricValue").inner_text().replace("\u202f", "")) > 0
    page.get_by_test_id("stPlotlyChart").first.wait_for()          # the map of competitors
    assert page.get_by_text("Sirene au 30/11/2026 — données de démonstration").first.is_visible()
    wait_for_app(page)
    picker = page.get_by_test_id("stSelectbox").filter(has_text="Comparer avec un prévisionnel")
    picker.scroll_into_view_if_needed()
    picker.locator("input").first.click()                          # opens the list of the user's forecasts
    page.get_by_role("option", name="Café des Halles").click()
    wait_for_app(page)
    page.get_by_text(re.compile(r"^(Plausible|Ambitieux|Peu réaliste|Impossible)")).first.wait_for()  # the verdict
    reachable = page.get_by_test_id("stMetric").filter(has_text="Chiffre d’affaires atteignable par an")
    assert "€" in reachable.inner_text()

    page.get_by_role("textbox", name="Nom de l’étude").fill("Boulangerie e2e")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Étude enregistrée.").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Exporter en Excel").click()
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"
    with page.expect_download() as download:
        page.get_by_role("button", name="Exporter en PDF").click()
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"
    page.get_by_role("tab", name="Mes études").click()
    wait_for_app(page)
    picked = page.get_by_test_id("stSelectbox").filter(has_text="Étude")
    assert "Boulangerie e2e" in (picked.inner_text() + picked.locator("input").first.input_value())
