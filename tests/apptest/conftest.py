"""AppTest of the real navigation script, logged in as a demo account of each role."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from demo.seed import DEMO_ACCOUNTS, seed_accounts

NAVIGATION = str(Path(__file__).resolve().parents[2] / "ui" / "navigation.py")
ROLES = ("anonymous", "user", "staff", "dpo", "admin")


@pytest.fixture
def make_app(db, monkeypatch):
    seed_accounts()
    # These visitors have refused optional cookies (Global Privacy Control), so the consent banner
    # does not come first on every page; tests/apptest/test_consent_banner.py tests the banner itself.
    import ui.consent
    monkeypatch.setattr(ui.consent, "gpc_signal", lambda: True)

    def make(role: str = "anonymous") -> AppTest:
        at = AppTest.from_file(NAVIGATION, default_timeout=30)
        at.session_state["lang"] = "fr"
        if role != "anonymous":
            at.session_state["authentication_status"] = True
            at.session_state["username"] = DEMO_ACCOUNTS[role][0]
        at.run()
        assert not at.exception, at.exception
        return at
    return make
