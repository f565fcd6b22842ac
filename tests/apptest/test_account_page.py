"""My account through the real navigation: rectification, export, subscriptions, account deletion."""
from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from accounts import get_user_by_email
from accounts.passwords import hash_password
from mail import subscriptions as mailing
from privacy import consent, self_service
from tests.apptest.conftest import NAVIGATION

EMAIL, PASSWORD = "ada@example.fr", "ada's long password"


@pytest.fixture
def account(db):
    db.execute("INSERT INTO users (email, password_hash, first_name, last_name, company, confirmed_at) "
               "VALUES (?, ?, 'Ada', 'Lovelace', 'Analytical SARL', now())", [EMAIL, hash_password(PASSWORD)])
    return get_user_by_email(EMAIL)


@pytest.fixture
def page(account, monkeypatch):
    import ui.consent as consent_ui
    monkeypatch.setattr(consent_ui, "read_cookie", lambda: "")
    monkeypatch.setattr(consent_ui, "gpc_signal", lambda: True)   # no banner in the way

    def open_page() -> AppTest:
        at = AppTest.from_file(NAVIGATION, default_timeout=30)
        at.session_state["lang"] = "fr"
        at.session_state["authentication_status"] = True
        at.session_state["username"] = EMAIL
        at.run()
        at.switch_page("../pages/account.py").run()
        assert not at.exception, at.exception
        return at
    return open_page


def test_rectification_updates_details_and_audits_field_names_only(page, db):
    at = page()
    at.text_input(key="acc_first").input("Augusta")
    at.text_input(key="acc_company").input("Engine SAS")
    at.button(key="acc_save").click().run()
    assert not at.exception
    user = get_user_by_email(EMAIL)
    assert (user.first_name, user.company, user.last_name) == ("Augusta", "Engine SAS", "Lovelace")
    [(action, details, actor_id)] = db.query(
        "SELECT action, CAST(details AS VARCHAR), actor_id FROM dsr_audit")
    assert action == "self.rectification" and actor_id is None
    assert json.loads(details) == {"fields": ["company", "first_name"]}
    assert "Augusta" not in details
    assert any("mises à jour" in s.value for s in at.success)


def test_invalid_siren_is_refused(page):
    at = page()
    at.text_input(key="acc_siren").input("123456789")
    at.button(key="acc_save").click().run()
    assert at.error and get_user_by_email(EMAIL).siren == ""


def test_export_button_is_built_on_click_and_holds_the_users_data(page, account):
    at = page()
    assert at.get("download_button"), "download button shown"
    # The callable runs only on click (in Streamlit's download thread), so call what it calls:
    from privacy.export import build_export_zip
    with zipfile.ZipFile(io.BytesIO(build_export_zip(account, account.id))) as zf:
        assert "README.md" in zf.namelist()
        assert json.loads(zf.read("data.json"))["users"][0]["email"] == EMAIL


def test_subscription_toggle(page):
    at = page()
    assert at.toggle(key="mailing_news").value is False
    at.toggle(key="mailing_news").set_value(True).run()
    assert mailing.subscriptions(EMAIL) == {"news": True}
    at.toggle(key="mailing_news").set_value(False).run()
    assert mailing.is_unsubscribed(EMAIL, "news")


def test_delete_with_wrong_password_erases_nothing(page, db):
    at = page()
    at.text_input(key="delete_password").input("not my password")
    at.checkbox(key="delete_sure").check().run()
    at.button(key="delete_go").click().run()
    assert at.error
    assert get_user_by_email(EMAIL) is not None
    assert db.query_one("SELECT count(*) FROM dsr_audit WHERE action = 'self.erasure_refused'")[0] == 1


def test_delete_with_password_erases_account_and_content(page, account, db):
    consent.record_consent(consent.new_consent_id(), {"audience": True}, "custom", "2026-11-01", "t",
                           None, None, account.id)
    mailing.set_subscription(account, "news", True)
    at = page()
    at.text_input(key="delete_password").input(PASSWORD)
    at.checkbox(key="delete_sure").check().run()
    at.button(key="delete_go").click().run()
    assert not at.exception, at.exception
    assert get_user_by_email(EMAIL) is None
    assert db.query_one("SELECT count(*) FROM consent_events WHERE user_id = ?", [account.id])[0] == 0
    assert any("supprimés" in s.value for s in at.success)   # shown on the privacy centre


def test_delete_with_emailed_code(page, db, smtp_server):
    at = page()
    at.radio(key="delete_method").set_value("code").run()
    at.button(key="delete_send_code").click().run()
    [mail] = smtp_server.to(EMAIL)
    code = re.search(r"suppression de votre compte : (\S+)",
                     mail.get_payload(decode=True).decode()).group(1)
    at.text_input(key="delete_code").input("wrong-code")
    at.checkbox(key="delete_sure").check().run()
    at.button(key="delete_go").click().run()
    assert at.error and get_user_by_email(EMAIL) is not None
    at.text_input(key="delete_code").input(code)
    at.button(key="delete_go").click().run()
    assert get_user_by_email(EMAIL) is None


def test_confirmation_is_enforced_server_side(account):
    with pytest.raises(self_service.ConfirmationError):
        self_service.delete_own_account(account)                      # neither password nor code
    with pytest.raises(self_service.ConfirmationError):
        self_service.delete_own_account(account, code="forged")
    assert get_user_by_email(EMAIL) is not None


def _change_password(at: AppTest, current: str, new: str, again: str) -> AppTest:
    at.text_input(key="pw_current").input(current)
    at.text_input(key="pw_new").input(new)
    at.text_input(key="pw_again").input(again)
    return at.button(key="pw_save").click().run()


def test_password_change_checks_the_current_one_revokes_cookies_and_mails(page, account, db):
    from accounts import sessions
    from accounts.passwords import verify_password
    from accounts.users import password_hash_of

    elsewhere = sessions.start(account.id, sessions.REMEMBER)   # a remembered login on another device
    assert sessions.lookup(elsewhere.value, touch=False) is not None
    at = page()
    _change_password(at, "not my password", "a brand new passphrase", "a brand new passphrase")
    assert not at.exception and any("actuel" in e.value for e in at.error)
    _change_password(at, PASSWORD, "a brand new passphrase", "another passphrase")
    assert any("diffèrent" in e.value for e in at.error)
    assert verify_password(PASSWORD, password_hash_of(account.id))      # nothing changed so far
    _change_password(at, PASSWORD, "a brand new passphrase", "a brand new passphrase")
    assert not at.exception and any("Mot de passe changé" in s.value for s in at.success)
    assert verify_password("a brand new passphrase", password_hash_of(account.id))
    assert sessions.lookup(elsewhere.value, touch=False) is None
    [(subject,)] = db.query("SELECT subject FROM mail_outbox WHERE to_addr = ?", [EMAIL])
    assert subject == "Votre mot de passe a été changé"
