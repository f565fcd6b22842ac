"""Retention jobs: inactive accounts warned then erased, datamap periods, housekeeping, run log."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from privacy import retention, scheduler
from privacy.dates import add_months
from tests.unit.privacy.helpers import make_dpo, make_user


def test_inactive_account_is_warned_then_erased(db):
    dpo = make_dpo(db)
    now = datetime.now(UTC)
    old = make_user(db, "sleepy@x.fr", last_active_at=add_months(now, -30) + timedelta(days=10))
    make_user(db, "active@x.fr")
    res = retention.inactive_accounts(now)
    assert res.details == {"warned": 1, "warning_mail_failures": 0, "erased_accounts": 0}
    assert "sleepy@x.fr" in {r[0] for r in db.query("SELECT to_addr FROM mail_outbox WHERE kind = 'retention'")}
    assert retention.inactive_accounts(now).details["warned"] == 0    # warned once
    later = now + timedelta(days=31)
    res = retention.inactive_accounts(later)
    assert res.details["erased_accounts"] == 1
    assert db.query_one("SELECT count(*) FROM users WHERE CAST(id AS VARCHAR) = ?", [old.id])[0] == 0
    assert {r[0] for r in db.query("SELECT email FROM users")} == {"active@x.fr", dpo.email}


def test_a_failing_mail_server_does_not_stop_the_erasure(db, monkeypatch):
    import mail

    now = datetime.now(UTC)
    due = make_user(db, "due@x.fr", last_active_at=add_months(now, -30) + timedelta(days=10))
    retention.inactive_accounts(now)                       # warned (outbox)
    make_user(db, "next@x.fr", last_active_at=add_months(now + timedelta(days=31), -30) + timedelta(days=10))

    def broken(*args, **kwargs):
        raise mail.MailError("account")
    monkeypatch.setattr(mail, "send", broken)
    res = retention.inactive_accounts(now + timedelta(days=31))
    assert res.details == {"warned": 0, "warning_mail_failures": 1, "erased_accounts": 1}
    assert db.query_one("SELECT count(*) FROM users WHERE CAST(id AS VARCHAR) = ?", [due.id])[0] == 0


def test_activity_after_the_warning_cancels_the_erasure(db):
    now = datetime.now(UTC)
    user = make_user(db, "back@x.fr", last_active_at=add_months(now, -30) + timedelta(days=5))
    retention.inactive_accounts(now)
    db.execute("UPDATE users SET last_active_at = ? WHERE CAST(id AS VARCHAR) = ?", [now + timedelta(days=1), user.id])
    assert retention.inactive_accounts(now + timedelta(days=40)).details["erased_accounts"] == 0


def test_run_now_applies_periods_and_records_runs(db):
    dpo = make_dpo(db)
    db.execute("INSERT INTO contact_requests (name, email, topic, message, created_at) VALUES "
               "('Old', 'old@x.fr', 't', 'm', now() - INTERVAL 37 MONTH), ('New', 'new@x.fr', 't', 'm', now())")
    db.execute("INSERT INTO auth_tokens (token_hash, user_id, purpose, expires_at) VALUES ('h', uuid(), 'reset', "
               "now() - INTERVAL 1 HOUR)")
    results = scheduler.run_now(dpo)
    assert all(r.status == "ok" for r in results), [r.details for r in results]
    assert db.query("SELECT email FROM contact_requests") == [("new@x.fr",)]
    assert db.query_one("SELECT count(*) FROM auth_tokens")[0] == 0
    runs = retention.runs(dpo)
    assert {r["job"] for r in runs} == {"inactive_accounts", "datamap_rules", "housekeeping", "audience", "backups"}
    assert all(r["trigger"] == "manual" for r in runs)
    due = {d["what"]: d["count"] for d in retention.due_next(dpo)}
    assert "inactive_accounts_to_warn" in due and "contact_requests" in due


def test_scheduler_thread_runs_once_a_day(db):
    assert scheduler.seconds_until_due() == 0
    scheduler.start_scheduler()
    try:
        for _ in range(100):
            if db.query_one("SELECT count(*) FROM retention_runs WHERE run_trigger = 'schedule' "
                            "AND finished_at IS NOT NULL")[0] == 4:
                break
            import time
            time.sleep(0.05)
        assert scheduler.seconds_until_due() > 23 * 3600
    finally:
        scheduler.stop_scheduler()


def test_closed_requests_and_their_audit_expire_after_the_records_period(db):
    from privacy.periods import period

    years = period("dsr_records_years")
    db.execute("INSERT INTO dsr_requests (reference, subject_ref, actions, state, closed_at) VALUES "
               f"('OLD', 'r', ['access'], 'completed', now() - INTERVAL {years * 12 + 1} MONTH), "
               "('OPEN', 'r', ['access'], 'verified', NULL)")
    db.execute(f"INSERT INTO dsr_audit (occurred_at, actor_kind, action) VALUES "
               f"(now() - INTERVAL {years * 12 + 1} MONTH, 'system', 'old'), (now(), 'system', 'new')")
    res = retention.datamap_rules(datetime.now(UTC))
    assert res.details["dsr_requests"] == 1 and res.details["dsr_audit"] == 1
    assert db.query("SELECT reference FROM dsr_requests") == [("OPEN",)]
    assert "dsr_records_years" in retention.periods()
