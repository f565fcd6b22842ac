"""The consent banner through the real navigation script: first visit, refuse, accept, withdraw, GPC.

AppTest cannot seed cookies or headers: ui.consent reads them through small functions patched here.
"""
from __future__ import annotations

import json

import pytest

import ui.consent as consent_ui
from privacy import consent, policy

BANNER_BUTTONS = ("_consent_w_accept", "_consent_w_refuse", "_consent_w_customise")


@pytest.fixture
def browser(make_app, monkeypatch):
    """What the 'browser' sends: a cookie and headers; the test changes them between visits.

    Set up after make_app, whose visitors send GPC: here the signal is off unless a test turns it on.
    """
    state = {"cookie": "", "gpc": False}
    monkeypatch.setattr(consent_ui, "read_cookie", lambda: state["cookie"])
    monkeypatch.setattr(consent_ui, "gpc_signal", lambda: state["gpc"])
    monkeypatch.setattr(consent_ui, "client_ip", lambda: "198.51.100.23")
    monkeypatch.setattr(consent_ui, "user_agent", lambda: "AppTest/1.0")
    return state


def banner_shown(at) -> bool:
    keys = {b.key for b in at.button}
    return all(k in keys for k in BANNER_BUTTONS)


def events(db) -> list[tuple]:
    return db.query("SELECT method, CAST(decisions AS VARCHAR), ip_trunc, user_agent, policy_version "
                    "FROM consent_events ORDER BY created_at")


def choices(at) -> dict:
    return at.session_state["_consent"]


def test_first_visit_shows_banner_and_nothing_optional(make_app, browser, db):
    at = make_app()
    assert banner_shown(at)
    accept, refuse = at.button(key="_consent_w_accept"), at.button(key="_consent_w_refuse")
    assert accept.proto.type == refuse.proto.type == "primary"   # same prominence
    assert choices(at) == {"audience": False, "remember": False}
    assert events(db) == []


def test_refuse_all_is_logged_and_kept_on_reload(make_app, browser, db):
    at = make_app()
    at.button(key="_consent_w_refuse").click().run()
    assert not banner_shown(at)
    assert choices(at) == {"audience": False, "remember": False}
    [(method, decisions, ip, ua, version)] = events(db)
    assert method == "refuse_all" and json.loads(decisions) == {"necessary": True, "audience": False,
                                                                 "remember": False}
    assert ip == "198.51.0.0" and ua == "AppTest/1.0" and version == policy.current_version()
    cookie = at.session_state[consent_ui.COOKIE_KEY]     # queued for the cookie component
    assert consent.current_choice(cookie, version).choices == consent.all_refused()

    browser["cookie"] = cookie                             # reload: a new session with the cookie
    again = make_app()
    assert not banner_shown(again)
    assert choices(again) == {"audience": False, "remember": False}
    assert len(events(db)) == 1                            # nothing new recorded


def test_accept_then_withdraw_from_sidebar_link(make_app, browser, db, monkeypatch):
    forgotten = []
    import ui.auth
    monkeypatch.setattr(ui.auth, "forget_login", lambda: forgotten.append(True))
    at = make_app()
    at.button(key="_consent_w_accept").click().run()
    assert choices(at) == {"audience": True, "remember": True}
    at.session_state["saved:forecast_inputs"] = {"growth": 3}
    at.run()

    at.button(key="_consent_w_link").click().run()         # "Manage cookies" in the sidebar
    assert banner_shown(at)
    at.toggle(key="_consent_w_audience").set_value(False)
    at.toggle(key="_consent_w_remember").set_value(False)
    at.button(key="_consent_w_save").click().run()
    assert not banner_shown(at)
    assert choices(at) == {"audience": False, "remember": False}  # measurement stops on this very run
    assert [e[0] for e in events(db)] == ["accept_all", "withdraw"]
    assert forgotten == [True]                              # login cookie dropped
    assert "saved:forecast_inputs" not in at.session_state  # saved inputs dropped
    ids = db.query("SELECT DISTINCT consent_id FROM consent_events")
    assert len(ids) == 1                                    # same consent id: one history


def test_refuse_all_after_accept_is_a_withdrawal(make_app, browser, db):
    at = make_app()
    at.button(key="_consent_w_accept").click().run()
    at.button(key="_consent_w_link").click().run()
    at.button(key="_consent_w_refuse").click().run()
    assert [e[0] for e in events(db)] == ["accept_all", "withdraw"]


def test_customise(make_app, browser, db):
    at = make_app()
    at.button(key="_consent_w_customise").click().run()
    assert at.checkbox(key="_consent_w_necessary").disabled and at.checkbox(key="_consent_w_necessary").value
    at.toggle(key="_consent_w_audience").set_value(True)
    at.button(key="_consent_w_save").click().run()
    assert choices(at) == {"audience": True, "remember": False}
    assert [e[0] for e in events(db)] == ["custom"]


def test_gpc_without_earlier_choice_refuses_and_logs(make_app, browser, db):
    browser["gpc"] = True
    at = make_app()
    assert not banner_shown(at)
    assert choices(at) == {"audience": False, "remember": False}
    assert [e[0] for e in events(db)] == ["gpc"]
    at.run()
    assert len(events(db)) == 1                             # logged once per decision, not per rerun


def test_gpc_does_not_override_an_earlier_choice(make_app, browser, db):
    at = make_app()
    at.button(key="_consent_w_accept").click().run()
    browser["cookie"] = at.session_state[consent_ui.COOKIE_KEY]
    browser["gpc"] = True
    again = make_app()
    assert choices(again) == {"audience": True, "remember": True}
    assert [e[0] for e in events(db)] == ["accept_all"]


def test_new_policy_version_asks_again(make_app, browser, db, monkeypatch):
    at = make_app()
    at.button(key="_consent_w_accept").click().run()
    browser["cookie"] = at.session_state[consent_ui.COOKIE_KEY]
    monkeypatch.setattr(policy, "current_version", lambda *a, **k: "2099-01-01")
    again = make_app()
    assert banner_shown(again)
    assert choices(again) == {"audience": False, "remember": False}


def test_forged_cookie_is_ignored(make_app, browser, db):
    at = make_app()
    at.button(key="_consent_w_refuse").click().run()
    payload, signature = at.session_state[consent_ui.COOKIE_KEY].split(".")
    browser["cookie"] = f"{payload}.{signature[::-1]}"
    again = make_app()
    assert banner_shown(again)


def test_privacy_centre_policy_register_and_reopening_choices(make_app, browser, db):
    from config.organisation import get_organisation
    at = make_app()
    at.button(key="_consent_w_refuse").click().run()
    at.switch_page("../pages/privacy_centre.py").run()
    assert not at.exception, at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert get_organisation().name in text and get_organisation().dpo_email in text
    assert at.selectbox(key="policy_version").value.version == policy.current_version()
    assert len(at.dataframe) == 1
    assert not banner_shown(at)
    at.button(key="privacy_change_choice").click().run()
    assert banner_shown(at) and at.toggle(key="_consent_w_audience").value is False


def test_unsubscribe_link_works_on_any_page_without_login(browser, db):
    from streamlit.testing.v1 import AppTest

    from mail import subscriptions as mailing
    from tests.apptest.conftest import NAVIGATION
    at = AppTest.from_file(NAVIGATION, default_timeout=30)
    at.session_state["lang"] = "en"
    at.query_params["unsubscribe"] = mailing.unsubscribe_token("reader@example.fr")
    at.run()
    assert not at.exception, at.exception
    assert any("Done" in s.value for s in at.success)
    assert mailing.is_unsubscribed("reader@example.fr", "news")
    assert "unsubscribe" not in at.query_params
    bad = AppTest.from_file(NAVIGATION, default_timeout=30)
    bad.query_params["unsubscribe"] = "forged"
    bad.run()
    assert bad.error


def test_dpo_searches_the_consent_log(make_app, browser, db):
    visitor = make_app()
    visitor.button(key="_consent_w_accept").click().run()
    consent_id = visitor.session_state[consent_ui.CHOICE_KEY].consent_id
    make_app().button(key="_consent_w_refuse").click().run()
    dpo = make_app("dpo")
    dpo.switch_page("../pages/consent_log.py").run()
    assert not dpo.exception, dpo.exception
    assert len(dpo.dataframe[0].value) == 2          # both visitors' choices, newest first
    dpo.text_input(key="log_consent_id").input(consent_id)
    dpo.button(key="log_search").click().run()
    frame = dpo.dataframe[0].value
    assert list(frame["consent_id"]) == [consent_id] and list(frame["method"]) == ["accept_all"]
