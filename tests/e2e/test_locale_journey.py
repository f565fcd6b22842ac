"""One language on every screen, in a real Chromium: the dashboard and the analysis page in French and in
English show none of the other language's defaults (Streamlit's and plotly's own texts included), and
dates in the language's format."""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import DEMO_PASSWORDS, log_in, start_server, stop_server, wait_for_app

pytestmark = pytest.mark.e2e

# What Streamlit's and plotly's frontends write in English when nobody translates them.
ENGLISH_DEFAULTS = ("Skip to main content", "Page not found", "Drag and drop", "Upload", "per file", "Browse files",
                    "Press Enter", "Running...", "Choose an option", "No results", "Download plot", "Reset axes")
ENGLISH_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b")
# The French counterparts, which an English screen must not show.
FRENCH_DEFAULTS = ("Aller au contenu", "Choisir un fichier", "Mo maximum", "Page introuvable", "Connecté :", "Exercice")
FRENCH_MONTH = re.compile(r"(janv\.|févr\.|avr\.|juil\.|sept\.|oct\.|nov\.|déc\.)")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
FRENCH_AXIS_DATE = re.compile(r"\b\d{1,2} (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.)")
ENGLISH_AXIS_DATE = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept|Oct|Nov|Dec)\b")


def _seed() -> None:
    from finance.demo import seed_demo_analysis
    from storage import get_db
    from tests.unit.audience.stats.stats_data import seed_known

    seed_known(get_db())
    seed_demo_analysis()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from tests.conftest import start_smtp

    controller, sink = start_smtp()
    proc, url, _ = start_server(tmp_path_factory.mktemp("locale") / "live", sink.port, seed=_seed)
    yield url
    stop_server(proc)
    controller.stop()


def screen_text(page) -> str:
    """What is rendered: visible text, chart labels (SVG) included; hidden elements are not."""
    return page.inner_text("body")


def after_content(page, selector: str) -> str:
    """The text a CSS ::after rule shows (our replacement of Streamlit's uploader texts)."""
    return page.locator(selector).first.evaluate("e => getComputedStyle(e, '::after').content")


def assert_french(text: str) -> None:
    assert not [w for w in ENGLISH_DEFAULTS if w in text], text
    assert not ENGLISH_MONTH.search(text), ENGLISH_MONTH.search(text)
    assert not ISO_DATE.search(text), text[max(0, ISO_DATE.search(text).start() - 200):][:300]


def assert_english(text: str) -> None:
    assert not [w for w in FRENCH_DEFAULTS if w in text], text
    assert not FRENCH_MONTH.search(text), FRENCH_MONTH.search(text)
    assert not ISO_DATE.search(text), ISO_DATE.search(text)


def switch_to_english(page) -> None:
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="English").click()
    wait_for_app(page)
    page.get_by_text("Signed in:").first.wait_for()


def chart_text(page) -> str:
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for()
    return chart.inner_text()


def test_dashboard_in_french_then_english(server, browser_page):
    page = browser_page
    log_in(page, server, "demo.staff@example.com", DEMO_PASSWORDS["staff"])
    page.goto(server + "/audience?period=30d")
    wait_for_app(page)
    axis = chart_text(page)
    assert FRENCH_AXIS_DATE.search(axis), axis                       # "8 nov.", not "Nov 8"
    assert_french(screen_text(page))
    page.evaluate("""() => {  // hover a point of the first series, as the mouse would
        const gd = document.querySelector('.js-plotly-plot');
        Plotly.Fx.hover(gd, [{curveNumber: 0, pointNumber: Math.floor(gd.data[0].x.length / 2)}]);
    }""")
    hover = page.locator(".hoverlayer .hovertext").first
    hover.wait_for(state="attached")
    label = hover.text_content()
    assert FRENCH_AXIS_DATE.search(label) and not ENGLISH_MONTH.search(label), label

    switch_to_english(page)
    axis = chart_text(page)
    assert ENGLISH_AXIS_DATE.search(axis), axis
    assert_english(screen_text(page))


def test_analysis_page_in_french_then_english(server, browser_page):
    page = browser_page
    log_in(page, server, "demo.user@example.com", DEMO_PASSWORDS["user"])
    page.goto(server + "/analysis")
    wait_for_app(page)
    # The uploader's own texts, replaced: the limit is what the FEC reader accepts (200 MB).
    dropzone = ".st-key-fin_upload [data-testid='stFileUploaderDropzone']"
    assert after_content(page, f"{dropzone} button [data-testid='stMarkdownContainer']") == '"Choisir un fichier"'
    assert after_content(page, ".st-key-fin_upload [data-testid='stFileUploaderDropzoneInstructions'] > div") \
        == '"200 Mo maximum par fichier"'
    assert_french(screen_text(page))

    page.get_by_role("tab", name="Mes analyses").click()
    page.get_by_role("button", name="Ouvrir").click()
    wait_for_app(page)
    chart_text(page)
    text = screen_text(page)
    assert re.search(r"\b31/12/20\d\d\b", text), "closing dates as 31/12/2024"
    assert_french(text)

    switch_to_english(page)
    chart_text(page)
    text = screen_text(page)
    assert re.search(r"\b31/12/20\d\d\b", text)
    assert_english(text)
    assert after_content(page, f"{dropzone} button [data-testid='stMarkdownContainer']") == '"Browse files"'


def test_an_unknown_address_shows_our_page_not_streamlits(server, browser_page):
    page = browser_page
    page.goto(server + "/no_such_page?x=1")
    wait_for_app(page)
    page.get_by_role("heading", name="Page introuvable").wait_for()
    assert "Page not found" not in screen_text(page)
