"""The contact form is limited per client (issue 15: 25 submissions in 31 s from one client were all
stored); clients without a known address (AppTest sessions have none) share one limit."""
from datetime import timedelta

from accounts import throttle


def send(at, n: int) -> None:
    at.text_input[0].input(f"Eve {n}")
    at.text_input[1].input(f"eve{n}@example.fr")
    at.text_area[0].input("devis ?")
    at.button[0].click().run()
    assert not at.exception, at.exception


def test_the_contact_form_refuses_a_client_over_its_limit(make_app, db, monkeypatch):
    monkeypatch.setattr(throttle, "CONTACT_FORM", throttle.ClientLimit(2, timedelta(hours=1)))
    at = make_app("anonymous")
    at.switch_page("../pages/contact.py").run()
    for n in range(2):
        send(at, n)
        assert at.success and not at.error
    other_session = make_app("anonymous")
    other_session.switch_page("../pages/contact.py").run()
    send(other_session, 2)
    assert any("Trop de messages" in e.value for e in other_session.error)
    assert db.query_one("SELECT count(*) FROM contact_requests")[0] == 2
