"""The login in a real Chromium: a session cookie that survives reloads and tabs, logout everywhere,
forged cookies, deep links through the login page, and refusals in the app's language."""
from __future__ import annotations

import base64
import json

import pytest

from tests.e2e.conftest import log_in, wait_for_app

pytestmark = pytest.mark.e2e
USER, STAFF = "demo.user@example.com", "demo.staff@example.com"


def login_cookie(page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == "sme_login"), None)


def signed_in(page, email: str) -> bool:
    return page.get_by_text(f"Connecté : {email}").count() > 0


def test_session_cookie_survives_reload_and_tabs_and_logout_ends_them_all(live_server, browser_page):
    page = browser_page
    log_in(page, live_server.url, USER, live_server.passwords["user"])  # no "remember me"
    cookie = login_cookie(page)
    assert cookie is not None, "no login cookie"
    assert cookie["expires"] == -1, "a session cookie has no expiry date"
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    page.reload()
    wait_for_app(page)
    assert signed_in(page, USER), "a reload logged out"

    other = page.context.new_page()
    other.goto(live_server.url + "/analysis")
    wait_for_app(other)
    assert signed_in(other, USER), "a second tab is logged out"

    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_test_id("stSidebarNav").get_by_text("Connexion").wait_for()
    wait_for_app(page)
    assert login_cookie(page) is None, "the cookie is still in the browser after logout"

    # The other tab, at its next action, is logged out (its session was started with the cookie).
    other.get_by_test_id("stSidebarNav").get_by_text("Accueil").click()
    other.get_by_test_id("stSidebarNav").get_by_text("Connexion").wait_for()
    wait_for_app(other)
    assert not signed_in(other, USER)

    # A copy of the old cookie is refused by the server, and deleted.
    page.context.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path")}])
    page.goto(live_server.url + "/analysis")
    wait_for_app(page)
    assert not signed_in(page, USER)
    assert login_cookie(page) is None


def test_a_forged_jwt_cookie_gives_a_logged_out_page_and_is_deleted(live_server, browser_page):
    page = browser_page
    b64 = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()  # noqa: E731
    forged = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64({'username': 'demo.admin@example.com', 'exp_date': 9e9})}."
    host = live_server.url.split("//")[1].split(":")[0]
    page.context.add_cookies([{"name": "sme_login", "value": forged, "domain": host, "path": "/"}])
    page.goto(live_server.url + "/admin_users")
    wait_for_app(page)
    page.get_by_role("textbox", name="Adresse e-mail").wait_for()  # the login page, no traceback
    assert page.get_by_test_id("stException").count() == 0
    assert login_cookie(page) is None
    assert "Traceback" not in live_server.log() and "InvalidAlgorithmError" not in live_server.log()


def test_a_deep_link_goes_through_the_login_and_lands_with_its_filters(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/audience?period=7d&source=search")
    wait_for_app(page)
    page.get_by_role("button", name="Tout refuser").click()
    wait_for_app(page)
    assert "/login" in page.url
    assert page.get_by_text("Page not found").count() == 0
    page.get_by_role("textbox", name="Adresse e-mail").fill(STAFF)
    page.get_by_role("textbox", name="Mot de passe").fill(live_server.passwords["staff"])
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text(f"Connecté : {STAFF}").wait_for()
    page.wait_for_url("**/audience?**")
    wait_for_app(page)
    assert "period=7d" in page.url and "source=search" in page.url
    page.get_by_role("heading", name="Audience").first.wait_for()


def test_a_user_opening_a_staff_url_is_refused_in_french(live_server, browser_page):
    page = browser_page
    log_in(page, live_server.url, USER, live_server.passwords["user"])
    page.goto(live_server.url + "/contact_inbox")
    wait_for_app(page)
    page.get_by_text("Vous n'avez pas accès à cette page.").wait_for()
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_role("heading", name="Demandes de contact").count() == 0
    assert "Demandes de contact" not in page.title()


def test_withdrawing_remember_me_leaves_only_a_session_cookie(live_server, browser_page):
    page = browser_page
    log_in(page, live_server.url, USER, live_server.passwords["user"], consent="Tout accepter", remember=True)
    remembered = login_cookie(page)
    assert remembered["expires"] > 0 and remembered["httpOnly"]

    page.get_by_role("button", name="Gérer mes cookies").click()
    page.get_by_role("button", name="Tout refuser").click()
    for _ in range(200):  # the browser goes through /api/session once the consent cookie is written
        cookie = login_cookie(page)
        if cookie and cookie["value"] != remembered["value"]:
            break
        page.wait_for_timeout(100)
    assert cookie["expires"] == -1, "the lasting login cookie is replaced by a session cookie"
    wait_for_app(page)
    assert signed_in(page, USER)

    # The remembered cookie is refused by the server now.
    page.context.add_cookies([{k: remembered[k] for k in ("name", "value", "domain", "path", "expires")}])
    page.goto(live_server.url + "/analysis")
    wait_for_app(page)
    assert not signed_in(page, USER)
