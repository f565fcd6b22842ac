"""Staff open the audience dashboard, filter by a source by clicking its row; the URL carries the filter
and a reload keeps it."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.conftest import DEMO_PASSWORDS, TIMEOUT_MS, start_server, stop_server, wait_for_app

pytestmark = pytest.mark.e2e


def _seed() -> None:
    from storage import get_db
    from tests.unit.audience.stats.stats_data import seed_known

    seed_known(get_db())


@pytest.fixture
def audience_server(tmp_path):
    from aiosmtpd.controller import Controller

    from tests.conftest import SmtpSink, free_port

    port = free_port()
    controller = Controller(SmtpSink(), hostname="127.0.0.1", port=port)
    controller.start()
    proc, url, _ = start_server(tmp_path / "live", port, seed=_seed)
    yield url
    stop_server(proc)
    controller.stop()


def metric(page, label: str) -> str:
    labels = [text.strip() for text in page.get_by_test_id("stMetricLabel").all_inner_texts()]
    return page.get_by_test_id("stMetricValue").all_inner_texts()[labels.index(label)].strip()


def expect_metric(page, label: str, value: str, timeout_ms: int = TIMEOUT_MS) -> None:
    """Poll: the page reruns after a click or a reload, and metrics appear when it is done."""
    seen = None
    for _ in range(timeout_ms // 250):
        try:
            seen = metric(page, label)
        except ValueError:  # not rendered yet
            seen = None
        if seen == value:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"{label}: expected {value}, saw {seen}")


def test_filter_by_source_lives_in_the_url(audience_server, browser_page):
    page = browser_page
    page.goto(audience_server + "/login")
    wait_for_app(page)
    page.get_by_role("button", name="Tout accepter").click()  # consent covers "remember my login"
    wait_for_app(page)
    page.get_by_text("Se souvenir de moi").click()  # the login cookie lets a reload keep the session
    wait_for_app(page)
    page.get_by_role("textbox", name="Adresse e-mail").fill("demo.staff@example.com")
    page.get_by_role("textbox", name="Mot de passe").fill(DEMO_PASSWORDS["staff"])
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Connecté : demo.staff@example.com").wait_for()
    wait_for_app(page)
    for _ in range(TIMEOUT_MS // 200):  # the cookie is written by the authenticator's component, asynchronously
        if any(c["name"] == "sme_login" for c in page.context.cookies()):
            break
        page.wait_for_timeout(200)
    assert any(c["name"] == "sme_login" for c in page.context.cookies()), "no login cookie: a reload would log out"

    page.get_by_test_id("stSidebarNav").get_by_text("Audience", exact=True).click()
    wait_for_app(page)
    expect_metric(page, "Visites", "6")
    assert "period=30d" in page.url

    page.get_by_role("tab", name="Provenance").click()
    page.get_by_role("tab", name="Sources", exact=True).click()
    grid = page.get_by_test_id("stDataFrame").filter(has_text="").locator("visible=true").first
    grid.wait_for()
    # rows: "(aucun)" (3 visitors), Google (1 visitor, 3 page views), newsletter: click Google's row marker
    for _ in range(10):  # the grid is a canvas: under load its rows may not be drawn yet when first clicked
        grid.click(position={"x": 12, "y": 35 + 35 + 17})
        try:
            page.wait_for_url(re.compile(r"source=Google"), timeout=4000)
            break
        except PlaywrightTimeoutError:
            continue
    assert "source=Google" in page.url
    wait_for_app(page)
    expect_metric(page, "Visites", "1")
    page.get_by_role("button", name=re.compile("Source : Google")).wait_for()

    page.reload()
    wait_for_app(page)
    assert "source=Google" in page.url
    expect_metric(page, "Visites", "1")
    expect_metric(page, "Pages vues", "3")
    page.get_by_role("button", name=re.compile("Source : Google")).wait_for()
