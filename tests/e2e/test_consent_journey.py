"""Consent journeys in a real Chromium against a real server.

First visit shows the banner; "refuse all" survives a reload and nothing optional is recorded;
accept then withdraw from the sidebar link; a Global Privacy Control header is honoured.
The server owns the database while it runs, so the proof log is read after stopping it.
"""
from __future__ import annotations

import base64
import json
import time
import zipfile
from datetime import UTC, datetime

import pytest

from storage import Database
from tests.e2e.conftest import TIMEOUT_MS, stop_server, wait_for_app, wait_for_login_cookie

pytestmark = pytest.mark.e2e
REFUSE, ACCEPT, MANAGE = "Tout refuser", "Tout accepter", "Gérer mes cookies"


def consent_cookie(page, *, changed_from: str | None = None, timeout: float = TIMEOUT_MS / 1000) -> str:
    """The consent cookie once the component has written it (it is set from the browser)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = next((c["value"] for c in page.context.cookies() if c["name"] == "consent"), None)
        if value and value != changed_from:
            return value
        page.wait_for_timeout(200)
    raise AssertionError("the consent cookie was not written")


def cookie_choices(value: str) -> dict:
    payload = value.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["c"]


def server_log(live_server) -> tuple[list[str], list[datetime]]:
    """Stop the server (it flushes its buffers), then read the proof log and the app's page views."""
    stop_server(live_server.process)
    db = Database(live_server.data_dir)
    try:
        methods = [r[0] for r in db.query("SELECT method FROM consent_events ORDER BY created_at")]
        views = [r[0] for r in db.query("SELECT ts FROM audience.events WHERE origin = 'app'")]
    finally:
        db.close()
    return methods, views


# A desktop browser's user agent: HeadlessChrome is dropped as a bot by the audience pipeline, which
# would make "nothing was measured" true for the wrong reason.
DESKTOP_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/156.0.0.0 Safari/537.36")


@pytest.fixture
def visitor(browser):
    """A fresh browser profile (no cookie) that looks like an ordinary visitor."""
    contexts = []

    def open_page(**headers):
        context = browser.new_context(locale="fr-FR", user_agent=DESKTOP_UA, extra_http_headers=headers)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        return page
    yield open_page
    for context in contexts:
        context.close()


def settled(page) -> None:
    """The run has finished drawing: the sidebar link comes after the banner in every run."""
    wait_for_app(page)
    page.get_by_role("button", name=MANAGE).wait_for()


def banner_visible(page) -> bool:
    settled(page)
    return page.get_by_role("button", name=REFUSE).count() > 0


def test_refuse_all_survives_reload_and_nothing_optional_is_recorded(live_server, visitor):
    page = visitor()
    page.goto(live_server.url)
    settled(page)
    # No cookie component on a plain page load (one that reran the script just after the load made the
    # first click on the banner get lost now and then).
    assert page.locator("iframe[title*='CookieManager']").count() == 0
    page.get_by_role("button", name=ACCEPT).wait_for()
    page.get_by_role("button", name=REFUSE).wait_for()
    page.get_by_role("button", name=REFUSE).click()
    assert cookie_choices(consent_cookie(page)) == {"audience": 0, "remember": 0}
    wait_for_app(page)
    assert not banner_visible(page)

    page.reload()
    wait_for_app(page)
    assert not banner_visible(page)
    page.goto(live_server.url + "/contact")             # another page, another session: still refused
    wait_for_app(page)
    assert not banner_visible(page)
    assert {c["name"] for c in page.context.cookies()} <= {"consent", "_streamlit_xsrf"}

    methods, views = server_log(live_server)
    assert methods == ["refuse_all"]                     # one proof, not one per page
    assert views == []                                   # no audience measurement


def test_accept_then_withdraw_from_the_sidebar(live_server, visitor):
    page = visitor()
    page.goto(live_server.url)
    settled(page)
    page.get_by_role("button", name=ACCEPT).click()
    accepted = consent_cookie(page)
    assert cookie_choices(accepted) == {"audience": 1, "remember": 1}
    page.reload()
    wait_for_app(page)
    assert not banner_visible(page)

    page.get_by_role("button", name=MANAGE).click()      # permanent link in the sidebar
    page.get_by_role("button", name=REFUSE).click()
    withdrawn_at = datetime.now(UTC)
    assert cookie_choices(consent_cookie(page, changed_from=accepted)) == {"audience": 0, "remember": 0}
    page.reload()
    wait_for_app(page)
    assert not banner_visible(page)

    methods, views = server_log(live_server)
    assert methods == ["accept_all", "withdraw"]
    assert views, "page views were measured while consent was given"
    assert not [ts for ts in views if ts > withdrawn_at], "measurement stopped at withdrawal"


def test_global_privacy_control_refuses_without_a_banner(live_server, visitor):
    page = visitor(**{"Sec-GPC": "1"})
    page.goto(live_server.url)
    wait_for_app(page)
    assert not banner_visible(page)
    assert cookie_choices(consent_cookie(page)) == {"audience": 0, "remember": 0}
    page.get_by_role("button", name=MANAGE).wait_for()   # choices can still be changed
    page.reload()
    wait_for_app(page)
    assert not banner_visible(page)
    methods, views = server_log(live_server)
    assert methods == ["gpc"]
    assert views == []


@pytest.fixture
def exempt_server(tmp_path):
    """A server in the CNIL's consent-exempt mode: the app's pages are measured without asking,
    unless the visitor objects (the organisation file is copied with that mode on)."""
    from pathlib import Path

    from tests.conftest import start_smtp
    from tests.e2e.conftest import LiveServer, start_server

    text = (Path(__file__).resolve().parents[2] / "privacy" / "organisation.toml").read_text()
    organisation = tmp_path / "organisation.toml"
    organisation.write_text(text.replace("consent_exempt = false", "consent_exempt = true")
                            .replace("audience_aggregates_months = 26", "audience_aggregates_months = 25"))
    controller, sink = start_smtp()
    proc, url, log_path = start_server(tmp_path / "live", sink.port, env={"APP_ORGANISATION_FILE": str(organisation)})
    yield LiveServer(url=url, data_dir=tmp_path / "live", smtp=sink, process=proc, log_path=log_path)
    stop_server(proc)
    controller.stop()


def test_global_privacy_control_stops_measurement_in_consent_exempt_mode(exempt_server, visitor):
    """Exempt mode measures without consent; a Global Privacy Control signal is an objection (the
    banner records it as a refusal and each page view carries the signal: either one stops it)."""
    plain = visitor()
    plain.goto(exempt_server.url)                       # measured: the exempt mode's point
    settled(plain)
    objecting = visitor(**{"Sec-GPC": "1"})
    objecting.goto(exempt_server.url + "/contact")      # not measured
    wait_for_app(objecting)
    objecting.get_by_role("button", name=MANAGE).wait_for()
    objecting.reload()                                  # a new session: the GPC cookie carries the signal
    wait_for_app(objecting)
    objecting.get_by_role("button", name=MANAGE).wait_for()
    stop_server(exempt_server.process)
    db = Database(exempt_server.data_dir)
    try:
        paths = [r[0] for r in db.query("SELECT path FROM audience.events WHERE origin = 'app'")]
    finally:
        db.close()
    assert paths == ["/home"]


def test_my_account_download_is_built_on_click(live_server, visitor):
    """Logged in, the choice is linked to the account, and "My account" downloads it with the rest."""

    page = visitor()
    page.goto(live_server.url + "/login")
    settled(page)
    page.get_by_role("textbox", name="Adresse e-mail").fill("demo.user@example.com")
    page.get_by_role("textbox", name="Mot de passe").fill(live_server.passwords["user"])
    wait_for_app(page)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Connecté : demo.user@example.com").wait_for(timeout=40_000)
    wait_for_login_cookie(page)  # the browser goes through /api/session and back
    page.get_by_role("button", name=ACCEPT).click()          # the banner waited for a choice
    consent_cookie(page)
    page.get_by_test_id("stSidebarNav").get_by_text("Mon compte").click()
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger mes données").click()
    with zipfile.ZipFile(info.value.path()) as zf:
        data = json.loads(zf.read("data.json"))
        assert "README.md" in zf.namelist() and "csv/consent_events.csv" in zf.namelist()
    assert [u["email"] for u in data["users"]] == ["demo.user@example.com"]
    assert [e["method"] for e in data["consent_events"]] == ["accept_all"]


def test_behind_a_proxy_the_visitors_address_is_the_forwarded_one(live_server, visitor):
    # What a local nginx sends (127.0.0.1 is trusted by default): the page requests and the WebSocket of the
    # app's own pages carry it, so the consent proof and the page views get the visitor's prefix.
    page = visitor(**{"X-Forwarded-For": "192.0.2.1, 203.0.113.77"})
    page.goto(live_server.url)
    settled(page)
    page.get_by_role("button", name=ACCEPT).click()
    consent_cookie(page)
    page.reload()
    wait_for_app(page)
    stop_server(live_server.process)
    db = Database(live_server.data_dir)
    try:
        proofs = db.query("SELECT DISTINCT ip_trunc FROM consent_events")
        views = db.query("SELECT DISTINCT ip_prefix FROM audience.events WHERE origin = 'app'")
    finally:
        db.close()
    assert proofs == [("203.0.0.0",)]
    assert views == [("203.0.0.0",)]
