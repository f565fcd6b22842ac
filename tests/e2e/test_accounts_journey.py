"""Journeys in a real Chromium against a real server: sign-up by mail, login, logout, role gates."""
from __future__ import annotations

import re
import time

import pytest

from tests.conftest import start_smtp
from tests.e2e.conftest import TIMEOUT_MS, log_in, start_server, stop_server, wait_for_app, wait_for_login_cookie

pytestmark = pytest.mark.e2e


def test_register_confirm_login_logout(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/register")
    wait_for_app(page)
    page.get_by_role("textbox", name="Adresse e-mail").fill("journey@example.fr")
    page.get_by_role("textbox", name="Mot de passe", exact=True).fill("a long good password")
    page.get_by_role("textbox", name="Confirmez le mot de passe").fill("a long good password")
    page.get_by_text("J'ai lu la politique de confidentialité.").click()
    page.get_by_role("button", name="Créer mon compte").click()
    page.get_by_text("suivez-le pour terminer votre inscription").wait_for()

    mails = live_server.smtp.to("journey@example.fr")
    assert len(mails) == 1
    link = re.search(r"http\S+confirm=\S+", mails[0].get_payload(decode=True).decode()).group(0)
    page.goto(link)
    wait_for_app(page)
    page.get_by_text("Adresse e-mail confirmée").wait_for()

    page.get_by_role("textbox", name="Adresse e-mail").fill("journey@example.fr")
    page.get_by_role("textbox", name="Mot de passe").fill("a long good password")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Connecté : journey@example.fr").wait_for()
    wait_for_login_cookie(page)  # the browser goes through /api/session and back
    assert page.get_by_test_id("stSidebarNav").get_by_text("Analyse de mon entreprise").is_visible()

    page.get_by_role("button", name="Se déconnecter").click()
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_text("Connexion").wait_for()
    assert page.get_by_text("Connecté : journey@example.fr").count() == 0


def test_user_opening_a_staff_url_sees_no_staff_data(live_server, browser_page):
    page = browser_page
    log_in(page, live_server.url, "demo.user@example.com", live_server.passwords["user"])
    page.goto(live_server.url + "/contact_inbox")
    wait_for_app(page)
    assert page.get_by_role("heading", name="Demandes de contact").count() == 0
    assert page.get_by_test_id("stSidebarNav").get_by_text("Demandes de contact").count() == 0


def test_first_request_after_start_cannot_run_a_page_directly(tmp_path, browser_page):
    """Streamlit's legacy pages/ mode must not serve a staff page before anyone loaded the home page."""
    controller, sink = start_smtp()
    proc, url, _ = start_server(tmp_path / "fresh", sink.port)
    try:
        page = browser_page
        page.goto(url + "/contact_inbox")  # the very first request this server sees
        wait_for_app(page)
        assert page.get_by_role("heading", name="Demandes de contact").count() == 0
        assert page.get_by_text("Marquer comme traitée").count() == 0
    finally:
        stop_server(proc)
        controller.stop()


def test_remember_me_cookie_survives_reload_and_logout_revokes_it(live_server, browser_page):
    page = browser_page
    log_in(page, live_server.url, "demo.user@example.com", live_server.passwords["user"],
           consent="Tout accepter", remember=True)  # "remember me" needs that consent
    cookie = None
    for _ in range(TIMEOUT_MS // 200):  # written by a component in the browser, asynchronously
        cookie = next((c for c in page.context.cookies() if c["name"] == "sme_login"), None)
        if cookie:
            break
        page.wait_for_timeout(200)
    assert cookie is not None and cookie["expires"] > time.time() + 364 * 86400

    page.reload()
    wait_for_app(page)
    page.get_by_text("Connecté : demo.user@example.com").wait_for()

    page.get_by_role("button", name="Se déconnecter").click()
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_text("Connexion").wait_for()
    # A stolen copy of the cookie is worthless after logout: the server no longer honours it.
    page.context.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path", "expires")}])
    page.reload()
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_text("Connexion").wait_for()
    assert page.get_by_text("Connecté : demo.user@example.com").count() == 0


def test_login_without_remember_sets_only_a_session_cookie(live_server, browser_page):
    page = browser_page
    log_in(page, live_server.url, "demo.user@example.com", live_server.passwords["user"], consent="Tout accepter")
    cookie = next(c for c in page.context.cookies() if c["name"] == "sme_login")
    assert cookie["expires"] == -1  # gone with the browser session


def test_failed_logins_lock_the_account(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/login")
    wait_for_app(page)
    page.get_by_role("button", name="Tout refuser").click()
    wait_for_app(page)
    for _ in range(5):
        page.get_by_role("textbox", name="Adresse e-mail").fill("demo.user@example.com")
        page.get_by_role("textbox", name="Mot de passe").fill("wrong password 123")
        page.get_by_role("button", name="Se connecter").click()
        wait_for_app(page)
    page.get_by_role("textbox", name="Adresse e-mail").fill("demo.user@example.com")
    page.get_by_role("textbox", name="Mot de passe").fill(live_server.passwords["user"])
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Trop de tentatives échouées").wait_for()
    assert page.get_by_text("Connecté : demo.user@example.com").count() == 0
