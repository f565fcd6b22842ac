"""`python -m storage migrate-to`: an embedded installation copied into PostgreSQL and ClickHouse (chdb),
counts checked, and a stopped run resumed by running it again."""
from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from storage import Database
from storage import migrate as migrate_module
from storage.clickhouse import connect
from storage.migrate import copy_app, copy_audience, main
from storage.postgres import PostgresDatabase
from tests.unit.audience.stats.stats_data import seed_known

READS = {
    "users": "SELECT CAST(id AS VARCHAR), email, roles, created_at FROM users ORDER BY email",
    "consent_events": "SELECT CAST(consent_id AS VARCHAR), decisions, method FROM consent_events ORDER BY method",
    "login_cookies": "SELECT CAST(user_id AS VARCHAR), exp_date FROM login_cookies ORDER BY exp_date",
    "contact_requests": "SELECT name, message FROM contact_requests ORDER BY name",
}


def _fill_app(db: Database) -> None:
    db.execute("INSERT INTO users (email, password_hash, roles) VALUES ('a@x.fr', 'h', ['user', 'dpo']), "
               "('b@x.fr', 'h', ['user'])")
    db.execute("INSERT INTO login_cookies (user_id, exp_date) SELECT id, 1.5e9 FROM users")
    db.execute("INSERT INTO consent_events (consent_id, policy_version, banner_text_sha256, decisions, method) "
               "VALUES (uuid(), 'v1', 'sha', '{\"audience\": true}', 'accept_all')")
    db.execute("INSERT INTO contact_requests (name, email, topic, message) "
               "SELECT 'n' || lpad(CAST(i AS VARCHAR), 3, '0'), 'c@x.fr', 't', 'message ' || i FROM range(250) t(i)")


def test_the_app_store_is_copied_into_postgresql_and_a_stopped_run_resumes(db, pg_url, monkeypatch):
    _fill_app(db)
    target = PostgresDatabase(pg_url)
    real_copy, calls = migrate_module._copy_rows, []

    def stop_at_the_third_table(*args, **kwargs):
        calls.append(args[2])
        if len(calls) == 3:
            raise KeyboardInterrupt
        real_copy(*args, **kwargs)
    monkeypatch.setattr(migrate_module, "_copy_rows", stop_at_the_third_table)
    with pytest.raises(KeyboardInterrupt):
        copy_app(db, target, progress=lambda line: None)
    monkeypatch.setattr(migrate_module, "_copy_rows", real_copy)
    assert target.query_one(f"SELECT count(*) FROM {calls[2]}") == (0,)  # the stopped table: nothing of it

    lines: list[str] = []
    report = copy_app(db, target, progress=lines.append)
    assert report.ok and calls[0] in report.skipped and calls[1] in report.skipped and calls[2] in report.copied
    assert any("contact_requests: 250 rows" in line for line in lines)
    for sql in READS.values():
        assert target.query(sql) == db.query(sql)
    again = copy_app(db, target, progress=lambda line: None)
    assert again.ok and again.copied == {}
    target.close()


def test_a_target_with_other_rows_is_refused(db, pg_url):
    _fill_app(db)
    target = PostgresDatabase(pg_url)
    target.execute("INSERT INTO contact_requests (name, email, topic, message) VALUES ('x', 'y', 'z', 'w')")
    with pytest.raises(SystemExit, match="contact_requests holds 1 rows"):
        copy_app(db, target, progress=lambda line: None)
    target.close()


def test_the_audience_store_is_copied_into_clickhouse_month_by_month(db, tmp_path):
    seed_known(db)
    target = connect(f"chdb://{tmp_path / 'chdb'}")
    try:  # chdb runs one engine per process: closed whatever happens, for the next test's
        report = copy_audience(db, target, progress=lambda line: None)
        assert report.ok and report.copied
        month = datetime.now(UTC).year * 100 + datetime.now(UTC).month
        target.execute("DELETE FROM audience.daily_visits WHERE toYYYYMM(day) <> {m:UInt32}", {"m": month})
        target.execute("INSERT INTO audience.daily_pages SELECT * FROM audience.daily_pages LIMIT 1")  # a double
        again = copy_audience(db, target, progress=lambda line: None)
        assert again.ok
        assert {unit.split()[0] for unit in again.copied} == {"audience.daily_visits", "audience.daily_pages"}
        sql = ("SELECT site, day, path, visitors, pageviews FROM audience.daily_pages "
               "ORDER BY site, day, path, visitors, pageviews")
        assert target.query(sql) == db.query(sql)
    finally:
        target.close()


def test_the_command_line_reports_and_refuses_a_bad_call(db, pg_url):
    _fill_app(db)
    db.close()  # the command opens the embedded files itself, as when the app is stopped
    out = io.StringIO()
    assert main(["migrate-to", pg_url], out) == 0
    assert "contact_requests: 250 rows copied" in out.getvalue()
    empty = out.getvalue().count(": empty\n")  # an empty table counts as a part already there
    assert empty > 10 and out.getvalue().strip().endswith(f"done: 255 rows copied, {empty} part(s) already there")
    assert main(["copy"], io.StringIO()) == 2
