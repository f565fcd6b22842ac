"""The staff page: add a site, see its snippet (AppTest through the real navigation script)."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

from demo.seed import DEMO_ACCOUNTS, seed_accounts

NAVIGATION = str(Path(__file__).resolve().parents[3] / "ui" / "navigation.py")


def test_staff_adds_a_site_and_gets_its_snippet(db, monkeypatch):
    import ui.consent

    seed_accounts()
    monkeypatch.setattr(ui.consent, "gpc_signal", lambda: True)
    at = AppTest.from_file(NAVIGATION, default_timeout=30)
    at.session_state["lang"] = "fr"
    at.session_state["authentication_status"] = True
    at.session_state["username"] = DEMO_ACCOUNTS["staff"][0]
    at.run()
    at.switch_page("../pages/audience_sites.py")
    at.run()
    assert not at.exception
    assert any("Aucun site configuré" in i.value for i in at.info)
    at.text_input[0].input("blog")
    at.text_area[0].input("www.blog.example\n<b>bad</b>")
    at.button[0].click()
    at.run()
    assert any("invalide" in e.value for e in at.error)
    at.text_input[0].input("blog")
    at.text_area[0].input("www.blog.example")
    at.button[0].click()
    at.run()
    assert not at.exception
    assert any("api/collect" in c.value and '"blog"' in c.value for c in at.code)
