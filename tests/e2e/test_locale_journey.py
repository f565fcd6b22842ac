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
                    "Press Enter", "Running...", "Choose an option", "No results", "Download plot", "Reset axes",
                    "or smaller", "files are not allowed", "Error:", "Stop", "Use arrow keys", "Choose date")
ENGLISH_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)|"
                           r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
# Streamlit's file sizes ("1.2MB") and plotly's SI suffixes ("27,0135k").
ENGLISH_SIZE = re.compile(r"\d(\.\d+)?\s?(B|KB|MB|GB)\b")
SI_NUMBER = re.compile(r"\d[kMGT]\b")
# The French counterparts, which an English screen must not show.
FRENCH_DEFAULTS = ("Aller au contenu", "Choisir un fichier", "Mo maximum", "Page introuvable", "Connecté :", "Exercice")
FRENCH_FULL_MONTH = re.compile(r"(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre"
                               r"|décembre)\b")
ENGLISH_FULL_MONTH = re.compile(r"(January|February|March|April|May|June|July|August|September|October|November"
                                r"|December)\b")
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
    assert not ENGLISH_SIZE.search(text) and not SI_NUMBER.search(text), text
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


def hover_labels(page) -> list[str]:
    """Hover the middle point of every chart's first series, as the mouse would: each hover label."""
    labels = []
    for index in range(page.locator(".js-plotly-plot").count()):
        chart = page.locator(".js-plotly-plot").nth(index)
        chart.evaluate("""gd => Plotly.Fx.hover(gd, [{curveNumber: 0,
                                                      pointNumber: Math.floor((gd.data[0].x || [0]).length / 2)}])""")
        hover = chart.locator(".hoverlayer .hovertext")
        if hover.count():
            labels.append(hover.first.text_content())
    return labels


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
    assert not SI_NUMBER.search(label), label

    # The period fields write days first; the calendar's month and weekday names are French.
    page.goto(server + "/audience?period=custom")
    wait_for_app(page)
    field = page.get_by_test_id("stDateInputField").first
    day_first = re.sub(r"\s", "", field.inner_text())                  # one segment per line: 01 / 12 / 2026
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", day_first) and day_first.startswith("01/"), day_first
    page.get_by_test_id("stDateInputCalendarButton").first.click()
    calendar = page.get_by_test_id("stDateInputCalendar").first
    calendar.wait_for()
    assert FRENCH_FULL_MONTH.search(calendar.inner_text()), calendar.inner_text()
    assert_french(screen_text(page))
    assert calendar.get_attribute("aria-label") == "Choisir une date"                # what a screen reader says
    assert page.get_by_role("button", name="Mois précédent").count() == 1
    page.keyboard.press("Escape")

    switch_to_english(page)
    axis = chart_text(page)
    assert ENGLISH_AXIS_DATE.search(axis), axis
    assert_english(screen_text(page))
    # The calendar follows the app's language, not the browser's (French here).
    page.get_by_test_id("stDateInputCalendarButton").first.click()
    calendar = page.get_by_test_id("stDateInputCalendar").first
    calendar.wait_for()
    assert ENGLISH_FULL_MONTH.search(calendar.inner_text()), calendar.inner_text()
    assert_english(screen_text(page))
    page.keyboard.press("Escape")


def test_analysis_page_in_french_then_english(server, browser_page):
    page = browser_page
    log_in(page, server, "demo.user@example.com", DEMO_PASSWORDS["user"])
    page.goto(server + "/analysis")
    wait_for_app(page)
    # The uploader's own texts, replaced: the limit shown is the one the FEC reader enforces (finance.fec.MAX_BYTES).
    dropzone = ".st-key-fin_upload [data-testid='stFileUploaderDropzone']"
    assert after_content(page, f"{dropzone} button [data-testid='stMarkdownContainer']") == '"Choisir un fichier"'
    assert after_content(page, ".st-key-fin_upload [data-testid='stFileUploaderDropzoneInstructions'] > div") \
        == '"200 Mo maximum par fichier"'
    assert_french(screen_text(page))
    uploader_in_french(page)

    page.get_by_role("tab", name="Mes analyses").click()
    page.get_by_role("button", name="Ouvrir").click()
    wait_for_app(page)
    chart_text(page)
    text = screen_text(page)
    assert re.search(r"\b31/12/20\d\d\b", text), "closing dates as 31/12/2024"
    assert_french(text)
    labels = hover_labels(page)
    assert labels and not [x for x in labels if SI_NUMBER.search(x)], labels   # amounts in full: 27 013,5
    assert any(re.search(r"\d[ \u202f\u00a0]\d{3}", x) for x in labels), labels

    switch_to_english(page)
    chart_text(page)
    text = screen_text(page)
    assert re.search(r"\b31/12/20\d\d\b", text)
    assert_english(text)
    assert after_content(page, f"{dropzone} button [data-testid='stMarkdownContainer']") == '"Browse files"'


def uploader_in_french(page) -> None:
    """Streamlit's own upload texts replaced: the drop hint while dragging, a refused file's reason, and
    the English size of a chosen file (hidden)."""
    page.get_by_role("tab", name="Saisie manuelle").click()
    scope = ".st-key-fin_template_upload"
    dropzone = page.locator(f"{scope} [data-testid='stFileUploaderDropzone']")
    drag = page.evaluate_handle("() => { const dt = new DataTransfer();"
                                " dt.items.add(new File(['x'], 'a.xlsx')); return dt; }")
    dropzone.dispatch_event("dragenter", {"dataTransfer": drag})
    overlay = f"{scope} [data-testid='stFileUploaderDropzone'] > div:not([data-testid]):not(:has(button))"
    page.locator(overlay).wait_for()
    assert after_content(page, overlay) == '"Déposez les fichiers ici"'
    assert_french(screen_text(page))
    dropzone.dispatch_event("dragleave", {"dataTransfer": drag})

    page.locator(f"{scope} [data-testid='stFileUploaderDropzoneInput']").set_input_files(
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not a workbook"})
    chip = page.locator(f"{scope} [data-testid='stFileChip'][aria-invalid='true']")
    chip.wait_for()
    size = f"{scope} [data-testid='stFileChip'] [data-testid='stFileChipName'] + div"
    assert after_content(page, size) == '"Fichier refusé : 250 Mo maximum par fichier • XLSX"'

    assert_french(screen_text(page))
    chip.hover()
    tooltip = page.get_by_test_id("stTooltipErrorContent")
    tooltip.wait_for(state="attached")            # its own text hidden, ours shown
    assert "refusé" in tooltip.evaluate("e => getComputedStyle(e, '::after').content")
    assert_french(screen_text(page))
    chip.get_by_test_id("stFileChipDeleteBtn").get_by_role("button").click()

    page.locator(f"{scope} [data-testid='stFileUploaderDropzoneInput']").set_input_files(
        {"name": "plan.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "buffer": b"x" * 1300})
    page.locator(f"{scope} [data-testid='stFileChip']").wait_for()
    wait_for_app(page)
    assert_french(screen_text(page))                                    # no "1.3KB" beside the name


def test_the_running_indicator_speaks_french(server, browser_page):
    """Streamlit draws the indicator only while a run lasts: an element shaped like it (its test ids, its
    English label) is added to the live page, and our rules and watcher must translate it."""
    page = browser_page
    log_in(page, server, "demo.user@example.com", DEMO_PASSWORDS["user"])
    page.evaluate("""() => document.body.insertAdjacentHTML('beforeend',
        '<div data-testid="stStatusWidget" id="probe"><div data-testid="stStatusWidgetRunningIcon"'
        + ' aria-label="Running..." role="img"></div><button>Stop</button></div>')""")
    icon = page.locator("#probe [data-testid='stStatusWidgetRunningIcon']")
    page.wait_for_function("() => document.querySelector('#probe [role=img]').ariaLabel !== 'Running...'")
    assert icon.get_attribute("aria-label") == "Exécution en cours…"
    assert after_content(page, "#probe button") == '"Arrêter"'
    assert "Stop" not in page.locator("#probe").inner_text()


def test_an_unknown_address_shows_our_page_not_streamlits(server, browser_page):
    page = browser_page
    page.goto(server + "/no_such_page?x=1")
    wait_for_app(page)
    page.get_by_role("heading", name="Page introuvable").wait_for()
    assert "Page not found" not in screen_text(page)
