"""AppTest of the DPO desk, the retention report and the breach register pages."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from privacy import requests, retention


def request_for(email: str, **kw) -> requests.Request:
    return requests.submit(first_name="Zoé", last_name="Roux", email=email, actions=["access"], **kw)


def test_desk_lists_requests_flags_overdue_and_fulfils(make_app, db):
    from accounts import get_user_by_email

    dpo = get_user_by_email("demo.dpo@example.com")
    late = request_for("late@example.fr", actor=dpo, identity_checked=True,
                       received_at=datetime.now(UTC) - timedelta(days=40))
    fresh = request_for("demo.user@example.com", actor=dpo, identity_checked=True)
    at = make_app("dpo")
    at.switch_page("../pages/privacy_desk.py").run()
    assert not at.exception, at.exception
    assert any("en retard" in e.value for e in at.error), [e.value for e in at.error]
    table = at.dataframe[0].value
    assert set(table["Référence"]) == {late.reference, fresh.reference}
    picker = next(s for s in at.selectbox if s.label == "Demande")
    picker.select(fresh.reference).run()
    next(b for b in at.button if b.label == "Exécuter la demande").click().run()
    assert not at.exception, at.exception
    assert requests.load(fresh.id).state == "completed"
    assert db.query_one("SELECT count(*) FROM mail_outbox WHERE to_addr = 'demo.user@example.com' "
                        "AND body LIKE '%download=%'")[0] == 1


def test_desk_refusal_needs_a_reason(make_app, db):
    from accounts import get_user_by_email

    req = request_for("x@example.fr", actor=get_user_by_email("demo.dpo@example.com"), identity_checked=True)
    at = make_app("dpo")
    at.switch_page("../pages/privacy_desk.py").run()
    next(b for b in at.button if b.key == "refuse_go").click().run()
    assert at.error and requests.load(req.id).state == "verified"
    at.text_area(key="refuse_reason").input("unfounded").run()
    next(b for b in at.button if b.key == "refuse_go").click().run()
    assert requests.load(req.id).state == "refused"


def test_retention_report_runs_jobs(make_app, db):
    at = make_app("dpo")
    at.switch_page("../pages/retention_report.py").run()
    assert not at.exception, at.exception
    next(b for b in at.button if b.label == "Lancer les purges maintenant").click().run()
    assert not at.exception, at.exception
    assert db.query_one("SELECT count(*) FROM retention_runs WHERE run_trigger = 'manual'")[0] == len(retention.JOBS)


def test_breach_register_records_an_incident(make_app, db):
    at = make_app("staff")
    at.switch_page("../pages/breach_register.py").run()
    assert not at.exception, at.exception
    at.text_input[0].input("Phishing")
    at.text_area[0].input("credentials leaked")
    next(b for b in at.button if b.label == "Enregistrer").click().run()
    assert not at.exception, at.exception
    assert db.query_one("SELECT title, risk_level FROM breaches") == ("Phishing", "unassessed")


def test_request_form_and_status_on_the_privacy_centre(make_app, db):
    import re

    at = make_app("anonymous")
    at.switch_page("../pages/privacy_centre.py").run()
    assert not at.exception, at.exception
    form_inputs = {w.label: w for w in at.text_input}
    form_inputs["Nom"].input("Roux")
    form_inputs["Prénom"].input("Zoé")
    form_inputs["Adresse e-mail utilisée chez nous"].input("zoe@example.fr")
    at.checkbox(key="dsr_action_erasure").check()
    next(b for b in at.button if b.label == "Envoyer ma demande").click().run()
    assert not at.exception, at.exception
    assert any("Un e-mail de confirmation" in s.value for s in at.success), [s.value for s in at.success]
    body = db.query_one("SELECT body FROM mail_outbox WHERE to_addr = 'zoe@example.fr'")[0]
    code = re.search(r": (\d{6})", body).group(1)
    # The status box already shows the new reference; the code confirms the address.
    assert any("En attente de vérification" in s.value for s in at.markdown), [s.value for s in at.markdown]
    next(w for w in at.text_input if w.label == "Code reçu par e-mail").input(code)
    next(b for b in at.button if b.label == "Confirmer").click().run()
    assert any("Adresse confirmée" in s.value for s in at.success)
    assert db.query_one("SELECT state FROM dsr_requests")[0] == "verified"


def test_the_request_form_limits_visitors_without_an_address_together(make_app, db, monkeypatch):
    """A client with no known address (no X-Forwarded-For; AppTest has none) shares one bucket."""
    from datetime import timedelta

    from accounts import throttle

    monkeypatch.setattr(throttle, "REQUEST_FORM", throttle.ClientLimit(2, timedelta(hours=1)))
    at = make_app("anonymous")
    at.switch_page("../pages/privacy_centre.py").run()
    for n in range(3):
        form_inputs = {w.label: w for w in at.text_input}
        form_inputs["Nom"].input("Roux")
        form_inputs["Prénom"].input("Zoé")
        form_inputs["Adresse e-mail utilisée chez nous"].input(f"zoe{n}@example.fr")
        at.checkbox(key="dsr_action_access").check()
        next(b for b in at.button if b.label == "Envoyer ma demande").click().run()
        assert not at.exception, at.exception
    assert db.query_one("SELECT count(*) FROM dsr_requests")[0] == 2
    assert db.query_one("SELECT count(*) FROM mail_outbox WHERE to_addr = 'zoe2@example.fr'")[0] == 0
    assert at.error, "the third request is refused with a message"
