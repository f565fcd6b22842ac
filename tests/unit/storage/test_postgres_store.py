"""The app store on a real PostgreSQL server: migrations, the write path, concurrency, the schema
against DuckDB's, Arrow inserts, and erasure down to the bytes of the table files."""
from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime

import psycopg
import pyarrow as pa
import pytest

from config import settings
from storage import Database, get_audience_db, get_db, reset_db
from storage.migrations import folder, pending
from storage.postgres import PostgresDatabase, job_key

CONTACT = "INSERT INTO contact_requests (name, email, topic, message) VALUES ($1, $2, 'x', $3)"


def test_migrations_are_the_duckdb_ones_translated_applied_once_and_recorded(pg_url):
    duckdb_files = [path.name for _, path in pending(folder("app"), set())]
    translated = [path.name for _, path in pending(folder("app", "postgresql"), set())]
    assert translated == duckdb_files, (
        f"each app migration needs its PostgreSQL translation in {folder('app', 'postgresql')}: "
        f"missing {sorted(set(duckdb_files) - set(translated))}, extra {sorted(set(translated) - set(duckdb_files))}")

    first = PostgresDatabase(pg_url)
    assert first.applied == [f"app/postgresql/{name}" for name in duckdb_files]
    assert first.schema_versions() == {"app": int(duckdb_files[-1][:4])}
    first.close()
    again = PostgresDatabase(pg_url)
    assert again.applied == []
    assert again.query("SELECT name FROM schema_migrations ORDER BY version") == [(n,) for n in duckdb_files]
    again.close()


def test_replicas_starting_together_apply_each_migration_once(pg_url):
    opened, errors = [], []

    def start() -> None:
        try:
            opened.append(PostgresDatabase(pg_url, max_size=1))
        except Exception as exc:  # collected: a thread's exception would otherwise vanish
            errors.append(exc)
    threads = [threading.Thread(target=start) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert sorted(len(db.applied) for db in opened) == [0, 0, len(pending(folder("app", "postgresql"), set()))]
    for db in opened:
        db.close()


def test_a_failing_write_leaves_nothing(pg_db):
    def half(cur):
        cur.execute(CONTACT, ["a", "a@b.fr", "y"])
        raise RuntimeError("boom")
    with pytest.raises(RuntimeError):
        pg_db.write(half)
    assert pg_db.query_one("SELECT count(*) FROM contact_requests") == (0,)

    def bad_sql(cur):
        cur.execute(CONTACT, ["b", "b@b.fr", "y"])
        cur.execute("INSERT INTO contact_requests (name) VALUES ($1)", ["no email"])  # NOT NULL violated
    with pytest.raises(psycopg.errors.NotNullViolation):
        pg_db.write(bad_sql)
    assert pg_db.query_one("SELECT count(*) FROM contact_requests") == (0,)
    pg_db.execute(CONTACT, ["c", "c@b.fr", "y"])  # the pool's connection is usable after the rollback
    assert pg_db.query("SELECT name FROM contact_requests") == [("c",)]


def test_writes_of_two_replicas_are_serialised(pg_url):
    """Read-then-update of one counter from 8 threads on two pools (two app processes' worth): a
    lost update would show as a smaller total; READ COMMITTED alone would lose some."""
    replicas = [PostgresDatabase(pg_url, max_size=4), PostgresDatabase(pg_url, max_size=4)]
    replicas[0].write(lambda cur: cur.execute("CREATE TABLE counter (n INTEGER NOT NULL)"))
    replicas[0].execute("INSERT INTO counter VALUES (0)")
    errors = []

    def bump(cur) -> None:
        (n,) = cur.execute("SELECT n FROM counter").fetchone()
        cur.execute("UPDATE counter SET n = $1", [n + 1])

    def worker(db: PostgresDatabase) -> None:
        try:
            for _ in range(25):
                db.write(bump)
        except Exception as exc:
            errors.append(exc)
    threads = [threading.Thread(target=worker, args=(replicas[i % 2],)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert replicas[1].query_one("SELECT n FROM counter") == (200,)
    for db in replicas:
        db.close()


# DuckDB's type names -> PostgreSQL's information_schema data_type, for the schema comparison.
_TYPES = {"VARCHAR": "character varying", "UUID": "uuid", "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
          "VARCHAR[]": "ARRAY", "JSON": "json", "DOUBLE": "double precision", "BIGINT": "bigint",
          "INTEGER": "integer", "BOOLEAN": "boolean"}


def test_the_app_schema_is_duckdbs(pg_db, tmp_path):
    embedded = Database(tmp_path / "duck")
    duck = embedded.query("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
                          "WHERE table_catalog = 'app' AND table_schema = 'main' ORDER BY 1, 2")
    embedded.close()
    pg = pg_db.query("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
                     "WHERE table_schema = 'public' ORDER BY 1, 2")
    assert len(duck) > 50
    assert [(t, c, _TYPES.get(d, d), n) for t, c, d, n in duck] == [tuple(row) for row in pg]


def test_a_row_reads_back_as_on_duckdb(pg_db, tmp_path):
    """The Python values the domain code gets: UUID, aware datetimes, lists, JSON as text."""
    embedded = Database(tmp_path / "duck")
    insert = ("INSERT INTO dsr_requests (reference, subject_ref, actions, state, received_at, user_id) "
              "VALUES ($1, $2, $3, $4, $5, $6)")
    row = ["R-1", "ref", ["access", "erasure"], "received", datetime(2026, 3, 1, 12, tzinfo=UTC), str(uuid.uuid4())]
    read = "SELECT reference, actions, received_at, user_id, paused_seconds FROM dsr_requests"
    for store in (embedded, pg_db):
        store.execute(insert, row)
        store.execute("INSERT INTO dsr_audit (actor_kind, action, details) VALUES ('system', 'x', $1)", ['{"a": 1}'])
    assert embedded.query(read) == pg_db.query(read)
    assert pg_db.query(read)[0][3] == uuid.UUID(row[5])
    assert embedded.query("SELECT details FROM dsr_audit") == pg_db.query("SELECT details FROM dsr_audit")
    assert isinstance(pg_db.query_one("SELECT details FROM dsr_audit")[0], str)
    df = pg_db.query_df("SELECT reference, actions FROM dsr_requests WHERE state = $1", ["received"])
    assert df.to_dict("records") == [{"reference": "R-1", "actions": ["access", "erasure"]}]
    embedded.close()


def test_insert_arrow_copies_by_column_name(pg_db):
    rows = 5_000
    table = pa.table({"message": [f"m{i}" for i in range(rows)], "name": ["n"] * rows, "email": ["e@x.fr"] * rows,
                      "topic": ["t"] * rows, "handled_at": pa.array([None] * rows, pa.timestamp("us", "UTC"))})
    pg_db.write(lambda cur: pg_db.insert_arrow(cur, "contact_requests", table))
    assert pg_db.query_one("SELECT count(*), count(DISTINCT message), count(handled_at), min(name) "
                           "FROM contact_requests") == (rows, rows, 0, "n")

    def insert_then_fail(cur):
        pg_db.insert_arrow(cur, "contact_requests", table)
        pg_db.insert_arrow(cur, "contact_requests", table.drop_columns(["email"]))  # email is NOT NULL
    with pytest.raises(psycopg.errors.NotNullViolation):
        pg_db.write(insert_then_fail)
    assert pg_db.query_one("SELECT count(*) FROM contact_requests") == (rows,)


def test_erasure_then_vacuum_full_leaves_no_byte_of_the_row(pg_cluster, pg_db):
    marker = "MARKER-QZXJ-" * 4
    pg_db.execute(CONTACT, ["keep", "k@b.fr", "kept-row-message"])
    pg_db.execute(CONTACT, ["gone", "g@b.fr", marker])
    checkpoint = "CHECKPOINT"  # the cluster's superuser: shared buffers written to the table files now
    pg_db.execute(checkpoint)
    assert pg_cluster.files_holding(marker.encode())  # the search can find it: the test can fail
    pg_db.execute("DELETE FROM contact_requests WHERE name = $1", ["gone"])
    pg_db.query("VACUUM contact_requests")
    pg_db.execute(checkpoint)
    assert pg_cluster.files_holding(marker.encode())  # plain VACUUM leaves the bytes in the page
    pg_db.vacuum_full(["contact_requests"])
    pg_db.execute(checkpoint)
    assert pg_cluster.files_holding(marker.encode()) == []
    assert pg_cluster.files_holding(b"kept-row-message")
    assert pg_db.query("SELECT name FROM contact_requests") == [("keep",)]

    # The erasure code's call (privacy/erasure.py): every app table, here a mail of the outbox.
    mail = "MAIL-QZXJ-" * 4
    pg_db.execute("INSERT INTO mail_outbox (to_addr, subject, body, kind) VALUES ('g@b.fr', 's', $1, 'k')", [mail])
    pg_db.execute(checkpoint)
    assert pg_cluster.files_holding(mail.encode())
    pg_db.execute("DELETE FROM mail_outbox")
    pg_db.rebuild_app_file()
    pg_db.execute(checkpoint)
    assert pg_cluster.files_holding(mail.encode()) == []


def test_a_query_written_with_dollar_placeholders_runs_on_both_engines(pg_db, tmp_path):
    embedded = Database(tmp_path / "duck")
    sql = "SELECT $1::INTEGER + 1, $2 || '%', $1::INTEGER"
    assert embedded.query(sql, [41, "a"]) == pg_db.query(sql, [41, "a"]) == [(42, "a%", 41)]
    embedded.close()


def test_settings_choose_the_store(pg_url, monkeypatch):
    reset_db()
    monkeypatch.setenv("APP_DATABASE_URL", pg_url)
    settings.reload_settings()
    try:
        app = get_db()
        assert isinstance(app, PostgresDatabase) and app is get_db()
        assert isinstance(get_audience_db(), Database)  # AUDIENCE_DATABASE_URL empty: embedded
        assert app.query_one("SELECT count(*) FROM users") == (0,)
    finally:
        reset_db()
    monkeypatch.delenv("APP_DATABASE_URL")
    settings.reload_settings()
    assert get_db() is get_audience_db()
    assert isinstance(get_db(), Database)


def test_a_job_runs_on_one_replica_at_a_time_and_is_freed_when_that_replica_dies(pg_url):
    first, second = PostgresDatabase(pg_url, max_size=2), PostgresDatabase(pg_url, max_size=2)
    with first.job_lock("retention") as mine:
        assert mine
        with second.job_lock("retention") as theirs, second.job_lock("housekeeping") as other_job:
            assert not theirs and other_job
    with second.job_lock("retention") as theirs:
        assert theirs

    dying = psycopg.connect(pg_url)  # a replica that took the job, then died (its session ends)
    dying.execute("SELECT pg_try_advisory_lock(%s)", [job_key("retention")])
    with second.job_lock("retention") as theirs:
        assert not theirs
    dying.close()  # the server ends that session (and frees its locks) a moment after the client left
    deadline = time.monotonic() + 10
    while True:
        with second.job_lock("retention") as theirs:
            if theirs or time.monotonic() > deadline:
                break
        time.sleep(0.02)
    assert theirs
    for db in (first, second):
        db.close()


def test_the_embedded_store_runs_a_job_once_at_a_time(db):
    with db.job_lock("retention") as mine:
        assert mine
        with db.job_lock("retention") as again, db.job_lock("housekeeping") as other_job:
            assert not again and other_job
    with db.job_lock("retention") as mine:
        assert mine


def test_query_df_has_duckdbs_column_types(pg_db, tmp_path):
    embedded = Database(tmp_path / "duck")
    sql = ("SELECT reference, received_at, CAST(received_at AS DATE) AS day, verified_at, paused_seconds, "
           "extension_months, sum(paused_seconds) OVER () AS total FROM dsr_requests")
    for store in (embedded, pg_db):
        store.execute("INSERT INTO dsr_requests (reference, subject_ref, actions, state, received_at) "
                      "VALUES ('R-1', 'ref', $1, 'received', $2)", [["access"], datetime(2026, 3, 1, 12, tzinfo=UTC)])
    duck, pg = embedded.query_df(sql), pg_db.query_df(sql)
    embedded.close()
    assert [str(t) for t in pg.dtypes] == [str(t).replace("Etc/UTC", "UTC") for t in duck.dtypes]
    assert pg.to_dict("records") == duck.to_dict("records")


def test_an_unreachable_server_is_a_clear_error_without_the_password():
    from storage.postgres import DatabaseUnavailableError
    from tests.conftest import free_port

    with pytest.raises(DatabaseUnavailableError, match="127.0.0.1:.*cannot be reached") as err:
        PostgresDatabase(f"postgresql://app:s3cret-pw@127.0.0.1:{free_port()}/app", connect_timeout=1)
    assert "s3cret-pw" not in str(err.value)
