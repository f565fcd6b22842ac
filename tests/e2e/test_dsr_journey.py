"""A data-subject request end to end, in Chromium against a real server and a real SMTP server:
an anonymous visitor asks for access, verifies by the mailed link, the DPO fulfils it from the desk,
and the requester downloads the ZIP from the result mail."""
from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from tests.e2e.conftest import TIMEOUT_MS, wait_for_app, wait_for_login_cookie

pytestmark = pytest.mark.e2e
EMAIL = "demo.user@example.com"   # matches an account: a verified mail + that match is enough


def mail_body(msg) -> str:
    return msg.get_payload(decode=True).decode()


def wait_for_mail(server, address, count, page):
    for _ in range(TIMEOUT_MS // 100):
        if len(server.smtp.to(address)) >= count:
            return server.smtp.to(address)
        page.wait_for_timeout(100)
    raise AssertionError(f"no mail #{count} for {address}")


def open_rights_tab(page) -> None:
    page.get_by_role("tab", name="Exercer mes droits").click()


def test_anonymous_access_request_verified_fulfilled_and_downloaded(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/privacy_centre")
    wait_for_app(page)
    open_rights_tab(page)
    page.get_by_role("textbox", name="Nom", exact=True).fill("Martin")
    page.get_by_role("textbox", name="Prénom", exact=True).fill("Camille")
    page.get_by_role("textbox", name="Adresse e-mail utilisée chez nous").fill(EMAIL)
    page.get_by_text("Accès à mes données").click()
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_text("Un e-mail de confirmation a été envoyé").wait_for()

    receipt = mail_body(wait_for_mail(live_server, EMAIL, 1, page)[0])
    reference = re.search(r"DSR-[A-Z0-9]{5}-[A-Z0-9]{5}", receipt).group(0)
    link = re.search(r"http\S+verify=\S+", receipt).group(0)
    page.goto(link)   # the privacy centre shows the link's outcome only
    wait_for_app(page)
    page.get_by_text(f"Adresse confirmée : votre demande {reference}").wait_for()

    dpo = page.context.browser.new_context(locale="fr-FR").new_page()
    dpo.set_default_timeout(TIMEOUT_MS)
    dpo.goto(live_server.url + "/login")
    wait_for_app(dpo)
    dpo.get_by_role("textbox", name="Adresse e-mail").fill("demo.dpo@example.com")
    dpo.get_by_role("textbox", name="Mot de passe").fill(live_server.passwords["dpo"])
    dpo.get_by_role("button", name="Se connecter").click()
    dpo.get_by_text("Connecté : demo.dpo@example.com").wait_for()
    wait_for_login_cookie(dpo)  # the browser goes through /api/session and back
    dpo.get_by_test_id("stSidebarNav").get_by_text("Bureau du DPO").click()   # same session: stays logged in
    wait_for_app(dpo)
    dpo.get_by_text("Demandes d'exercice des droits").wait_for()   # the only open request is preselected
    dpo.get_by_role("button", name="Exécuter la demande").click()
    dpo.get_by_text("Demande traitée").wait_for()
    dpo.context.close()

    result = mail_body(wait_for_mail(live_server, EMAIL, 2, page)[-1])
    assert reference in result
    download = re.search(r"http\S+download=\S+", result).group(0)
    page.goto(download)
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger mes données (ZIP)").click()
    with zipfile.ZipFile(io.BytesIO(open(info.value.path(), "rb").read())) as zf:
        data = json.loads(zf.read("data.json"))
    assert data["users"][0]["email"] == EMAIL
    assert data["dsr_requests"][0]["reference"] == reference
