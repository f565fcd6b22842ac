"""Every registered page renders for every role; no role reaches another role's page."""
from __future__ import annotations

import pytest

from tests.apptest.conftest import ROLES
from ui.navigation import PAGES, allowed

PAGE_ROLES = {name: role for entries in PAGES.values() for name, role, _ in entries}


class _Roles:
    def __init__(self, role: str) -> None:
        self.role = role

    def has(self, wanted: str) -> bool:
        held = {"user": {"user"}, "staff": {"user", "staff"}, "dpo": {"user", "dpo"},
                "admin": {"user", "staff", "dpo", "admin"}}[self.role]
        return wanted in held


def visitor(role: str):
    return None if role == "anonymous" else _Roles(role)


CASES = [(role, page) for role in ROLES for page in PAGE_ROLES]


@pytest.mark.parametrize("role,page", CASES)
def test_page_is_reachable_exactly_by_its_roles(make_app, role, page):
    at = make_app(role)
    if allowed(PAGE_ROLES[page], visitor(role)):
        at.switch_page(f"../pages/{page}.py")
        at.run()
        assert not at.exception, f"{page} as {role}: {at.exception}"
    else:
        with pytest.raises(ValueError):
            at.switch_page(f"../pages/{page}.py")


def test_menu_lists_only_the_role_pages(make_app):
    at = make_app("user")
    assert "Audience" not in str(at.sidebar)
    at = make_app("anonymous")
    assert "Utilisateurs et rôles" not in str(at.sidebar)


def test_english_is_selectable(make_app):
    at = make_app("anonymous")
    at.selectbox(key="_lang_select").select("en").run()
    assert at.title[0].value == "Steer your company, with privacy built in"


def test_contact_form_rejects_bad_input_and_stores_nothing(make_app, db):
    at = make_app("anonymous")
    at.switch_page("../pages/contact.py").run()
    at.text_input[0].input("<b>Eve</b>")
    at.text_input[1].input("not-an-email")
    at.text_area[0].input("<script>alert(1)</script>")
    at.button[0].click().run()
    assert any("invalide" in e.value for e in at.error)
    assert db.query_one("SELECT count(*) FROM contact_requests")[0] == 0


def test_contact_request_reaches_the_staff_inbox_as_text(make_app, db):
    at = make_app("anonymous")
    at.switch_page("../pages/contact.py").run()
    at.text_input[0].input("<b>Eve</b>")
    at.text_input[1].input("eve@example.fr")
    at.text_area[0].input("<script>alert(1)</script> devis ?")
    at.button[0].click().run()
    assert at.success
    staff = make_app("staff")
    staff.switch_page("../pages/contact_inbox.py").run()
    assert not staff.exception
    assert any("<script>alert(1)</script>" in t.value for t in staff.text)  # shown as text, not markup
    assert all("Eve" not in e.label for e in staff.expander)  # labels are Markdown: no visitor text there


def test_register_page_creates_an_unconfirmed_account(make_app, db):
    at = make_app("anonymous")
    at.switch_page("../pages/register.py").run()
    at.text_input[0].input("new@example.fr")
    at.text_input[1].input("a long good password")
    at.text_input[2].input("a long good password")
    at.checkbox[0].check()
    at.button[0].click().run()
    assert at.success, at.error
    assert db.query_one("SELECT confirmed_at FROM users WHERE email = 'new@example.fr'") == (None,)


def test_admin_changes_a_role(make_app, db):
    at = make_app("admin")
    at.switch_page("../pages/admin_users.py").run()
    at.selectbox(key="admin_pick").select("demo.user@example.com").run()
    ms = at.multiselect[0]
    ms.select("staff").run()
    at.button[0].click().run()
    roles = db.query_one("SELECT roles FROM users WHERE email = 'demo.user@example.com'")[0]
    assert "staff" in roles
