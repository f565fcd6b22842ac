"""Sign-up reveals nothing about existing accounts (issue 15): the same answer for a new and a known
address; the known address's owner gets a mail instead of a confirmation link; sign-ups are throttled."""
from datetime import timedelta

from accounts import throttle
from ui.markdown import escape

KNOWN = "demo.user@example.com"


def sign_up(make_app, email: str):
    at = make_app("anonymous")
    at.switch_page("../pages/register.py").run()
    at.text_input[0].input(email)
    at.text_input[1].input("a long good password")
    at.text_input[2].input("a long good password")
    at.checkbox[0].check()
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_a_known_address_gets_the_same_answer_and_a_mail(make_app, db, smtp_server):
    new = sign_up(make_app, "new.person@example.fr")
    known = sign_up(make_app, KNOWN)
    assert not new.error and not known.error
    answer_new = [s.value.replace(escape("new.person@example.fr"), escape(KNOWN)) for s in new.success]
    assert answer_new == [s.value for s in known.success]
    assert db.query_one("SELECT count(*) FROM users WHERE email = ?", [KNOWN])[0] == 1
    mails = smtp_server.to(KNOWN)
    assert len(mails) == 1
    body = mails[0].get_payload(decode=True).decode() if not mails[0].is_multipart() else \
        mails[0].get_payload(0).get_payload(decode=True).decode()
    assert "Quelqu'un a essayé de créer un compte avec votre adresse" in body
    assert "confirm=" not in body
    assert smtp_server.to("new.person@example.fr")  # the new address got its confirmation link


def test_sign_ups_are_throttled_for_known_addresses_too(make_app, db, smtp_server, monkeypatch):
    monkeypatch.setattr(throttle, "SIGN_UP", throttle.ClientLimit(2, timedelta(hours=1)))
    for _ in range(2):
        assert not sign_up(make_app, KNOWN).error
    refused = sign_up(make_app, KNOWN)
    assert any("Trop d'inscriptions" in e.value for e in refused.error)
    assert len(smtp_server.to(KNOWN)) == 2
