"""Access-log import: the real shipped log, re-imports, gzip, bad lines, the CLI."""
import gzip
import hashlib
import subprocess
import sys
from datetime import UTC, datetime

import duckdb
import pyarrow as pa
import pytest

from audience import cli, logfile, logs
from audience.event import Drop
from tests.conftest import PROJECT_ROOT, shared_file
from tests.unit.audience.helpers import split_lines

NOW_2015 = datetime(2015, 5, 21, 12, tzinfo=UTC)
NOW = datetime(2026, 3, 11, 12, tzinfo=UTC)
UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/120.0.0.0 Safari/537.36")


@pytest.fixture
def real_log():
    return shared_file("logs", "apache_logs.log")


def test_parser_agrees_with_the_facts_of_the_shipped_log(real_log):
    lines = split_lines(real_log.read_bytes())
    con = duckdb.connect()
    con.register("lines", pa.table({"line": lines}))
    parsed = con.sql(f"SELECT * FROM ({logs.PARSE_SQL}) WHERE valid").to_arrow_table()
    con.register("parsed", parsed)
    assert len(lines) == 10_000 and parsed.num_rows == 9_999        # line 8,899 is truncated
    classes = dict(con.execute("SELECT status // 100, count(*) FROM parsed GROUP BY 1").fetchall())
    assert classes == {2: 9_170, 3: 609, 4: 217, 5: 3}
    assert con.execute("SELECT count(DISTINCT ip) FROM parsed").fetchone()[0] == 1_753
    bots = con.execute("SELECT count(*) FROM parsed WHERE regexp_matches(user_agent, 'bot|spider|crawl|slurp', 'i')")
    assert bots.fetchone()[0] == 1_397


def test_import_of_the_shipped_log(db, site, real_log):
    summary = logs.import_file(real_log, site, now=NOW_2015)
    assert summary.lines_read == 10_000
    assert summary.events_stored + summary.lines_dropped == 10_000
    assert dict(summary.dropped) == {Drop.UNPARSEABLE: 1, Drop.STATIC_ASSET: 4_699, Drop.NOT_PAGE: 1_027,
                                     Drop.HTTP_ERROR: 208, Drop.REDIRECT: 163, Drop.BOT: 2_263}
    assert summary.events_stored == 1_639
    assert db.query_one("SELECT count(*) FROM audience.events") == (1_639,)
    days = db.query("SELECT day, visitors, visits, pageviews FROM audience.daily_dimensions "
                    "WHERE dimension = 'total' ORDER BY day")
    assert [d.isoformat() for d, *_ in days] == ["2015-05-17", "2015-05-18", "2015-05-19", "2015-05-20"]
    assert sum(r[3] for r in days) == 1_639
    assert all(r[1] <= r[2] <= r[3] for r in days)
    assert sum(r[1] for r in days) <= 4 * 1_753
    # masked prefixes only: every stored prefix ends in .0.0
    assert db.query_one("SELECT count(*) FROM audience.events WHERE ip_prefix NOT LIKE '%.0.0'") == (0,)

    again = logs.import_file(real_log, site, now=NOW_2015)
    assert again.events_stored == 0 and dict(again.dropped) == {Drop.ALREADY_IMPORTED: 10_000}
    assert db.query_one("SELECT count(*) FROM audience.events") == (1_639,)


def test_old_lines_are_dropped_as_expired(db, site, real_log):
    summary = logs.import_file(real_log, site, now=NOW)
    assert summary.events_stored == 0 and summary.dropped[Drop.EXPIRED] == 1_639 + 2_263  # bots come later


def _line(ip="203.0.113.9", when="10/Mar/2026:10:00:00 +0100", req="GET /tarifs HTTP/1.1", status=200,
          ref="-", ua=UA):
    return f'{ip} - - [{when}] "{req}" {status} 512 "{ref}" "{ua}"'


def test_gzip_and_growing_files_are_not_counted_twice(db, site, tmp_path):
    first = "\n".join(_line(when=f"10/Mar/2026:10:{m:02d}:00 +0100") for m in range(5)) + "\n"
    plain = tmp_path / "access.log"
    plain.write_text(first)
    assert logs.import_file(plain, site, now=NOW).events_stored == 5
    packed = tmp_path / "access.log.1.gz"
    packed.write_bytes(gzip.compress(first.encode()))
    assert logs.import_file(packed, site, now=NOW).events_stored == 0
    grown = first + _line(when="10/Mar/2026:11:00:00 +0100") + "\n"
    plain.write_text(grown)
    summary = logs.import_file(plain, site, now=NOW)
    assert (summary.lines_read, summary.events_stored, summary.dropped[Drop.ALREADY_IMPORTED]) == (6, 1, 5)
    assert db.query_one("SELECT sum(pageviews) FROM audience.daily_dimensions WHERE dimension = 'total'") == (6,)


@pytest.fixture
def ten_hours_gzipped(monkeypatch) -> bytes:
    """600 page views, one a minute, gzipped; chunks of at most 8 KiB (the content is ~110 KiB)."""
    monkeypatch.setattr(logs, "PARSE_CHUNK_BYTES", 8192)
    monkeypatch.setattr(logs, "MIN_CHUNK_BYTES", 4096)
    lines = [_line(when=f"10/Mar/2026:{10 + m // 60}:{m % 60:02d}:00 +0100", req=f"GET /p{m} HTTP/1.1")
             for m in range(600)]
    return gzip.compress(("\n".join(lines) + "\n").encode())


def test_a_gzip_log_is_decompressed_a_chunk_at_a_time(db, site, tmp_path, monkeypatch, ten_hours_gzipped):
    """Memory holds the compressed file and the chunks in flight, not the whole content."""
    path = tmp_path / "access.log.gz"
    path.write_bytes(ten_hours_gzipped)
    sizes = []
    real = logs.parse_chunk
    monkeypatch.setattr(logs, "parse_chunk", lambda chunk, *a, **k: sizes.append(len(chunk)) or real(chunk, *a, **k))
    seen = []
    summary = logs.import_file(path, site, now=NOW, progress=lambda done, total: seen.append((done, total)))
    assert (summary.lines_read, summary.events_stored) == (600, 600)
    assert len(sizes) > 10 and max(sizes) <= 8192
    assert seen[-1] == (600, 600) and all(done <= total for done, total in seen)
    again = logs.import_file(path, site, now=NOW)
    assert (again.events_stored, again.dropped[Drop.ALREADY_IMPORTED]) == (0, 600)


def test_a_truncated_gzip_log_stores_nothing_and_says_so(db, site, tmp_path, capsys, ten_hours_gzipped):
    """The end of a gzip stream is checked after its first chunks went through the pipeline."""
    path = tmp_path / "access.log.1.gz"
    path.write_bytes(ten_hours_gzipped[:len(ten_hours_gzipped) * 2 // 3])
    with pytest.raises(logs.ImportFailedError):
        logs.import_file(path, site, now=NOW)
    assert cli.main(["import-log", str(path), "--site", site]) == 2
    assert "nothing was stored" in capsys.readouterr().err
    assert db.query_one("SELECT (SELECT count(*) FROM audience.events) + (SELECT count(*) FROM audience.log_imports)"
                        ) == (0,)


def test_files_imported_before_the_blake3_digest_are_still_recognised(db, site, tmp_path):
    """Imports recorded with a SHA-256 digest (before BLAKE3) still count as imported."""
    content = "\n".join(_line(when=f"10/Mar/2026:10:{m:02d}:00 +0100") for m in range(3)) + "\n"
    db.execute("INSERT INTO audience.log_imports (id, site, digest, bytes, lines, stored) VALUES "
               "('legacy', ?, ?, ?, 3, 3)", [site, hashlib.sha256(content.encode()).hexdigest(), len(content)])
    path = tmp_path / "access.log"
    path.write_text(content + _line(when="10/Mar/2026:11:00:00 +0100") + "\n")
    summary = logs.import_file(path, site, now=NOW)
    assert (summary.dropped[Drop.ALREADY_IMPORTED], summary.events_stored) == (3, 1)
    assert db.query_one("SELECT digest FROM audience.log_imports WHERE id <> 'legacy'")[0].startswith("blake3:")


def test_bad_lines_are_counted_never_fatal(db, site, tmp_path):
    good = [
        _line(),
        _line(ip="2001:db8:1:2::3", ua=UA + ' \\"quoted\\"'),
        '198.51.100.4 - - [10/Mar/2026:10:00:00 +0100] "GET /common HTTP/1.0" 200 2326',  # common format
        _line(ip="198.51.100.5", ref="https://www.google.fr/") + "\r",                     # CRLF
        _line(ip="198.51.100.6") + ' "extra-field"',                                        # nginx extra field
    ]
    bad = [
        "", "garbage", "\x00\x01\x02\xff", _line(when="not a date"), _line(status="abc"),
        _line().replace('"-"', '"-'), "<script>alert(1)</script>", _line(ip=""),
        _line()[:60], '1.2.3.4 - - [10/Mar/2026:10:00:00 +0100] "GET / HTTP/1.1" 999 1 "-" "x"',
    ]
    path = tmp_path / "mixed.log"
    path.write_bytes("\n".join(good + bad + ["x" * 100_000]).encode("utf-8", "surrogateescape") + b"\n\xfe\xfe\n")
    summary = logs.import_file(path, site, now=NOW)
    assert summary.lines_read == len(good) + len(bad) + 2
    assert summary.events_stored == len(good)
    assert summary.dropped == {Drop.UNPARSEABLE: len(bad) + 1, Drop.LINE_TOO_LONG: 1}
    paths = {p for (p,) in db.query("SELECT DISTINCT path FROM audience.events")}
    assert paths == {"/tarifs", "/common"}


def test_empty_file_and_unknown_site(db, site, tmp_path):
    empty = tmp_path / "empty.log"
    empty.write_bytes(b"")
    assert logs.import_file(empty, site, now=NOW).lines_read == 0
    with pytest.raises(logs.UnknownSiteError):
        logs.import_file(empty, "nope", now=NOW)


def test_cli_prints_progress_and_summary(db, site, tmp_path, capsys):
    path = tmp_path / "a.log"
    path.write_text("\n".join([_line(), _line(req="GET /style.css HTTP/1.1"), "junk"]) + "\n")
    assert cli.main(["import-log", str(path), "--site", site]) == 0
    out = capsys.readouterr()
    assert "100.0%" in out.err
    assert "lines read:     3" in out.out and "static_asset      1" in out.out and "unparseable       1" in out.out
    assert cli.main(["import-log", str(tmp_path / "missing.log"), "--site", site]) == 1
    assert cli.main(["import-log", str(path), "--site", "nope"]) == 1


def test_cli_exits_2_when_the_app_holds_the_database(db, site, tmp_path):
    path = tmp_path / "a.log"
    path.write_text(_line() + "\n")
    env = {"APP_DATA_DIR": str(db.data_dir), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "audience", "import-log", str(path), "--site", site],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "already open in another process" in done.stderr and "Traceback" not in done.stderr


def test_upload_of_gzip_bytes_by_staff_only_and_bombs_refused(db, site, monkeypatch):
    import uuid

    from accounts import PermissionDenied, User

    def user(*roles):
        return User(id=str(uuid.uuid4()), email="a@b.fr", first_name="", last_name="", company="", siren="",
                    roles=roles, language="fr", confirmed=True, disabled=False)

    data = gzip.compress(("\n".join(_line(ip=f"203.0.113.{i}") for i in range(3)) + "\n").encode())
    with pytest.raises(PermissionDenied):
        logs.import_upload(user("user"), data, site)
    assert logs.import_upload(user("staff"), data, site).lines_read == 3
    monkeypatch.setattr(logfile, "MAX_LOG_BYTES", 1000)
    with pytest.raises(logs.LogTooLargeError):
        logs.import_upload(user("staff"), gzip.compress(b"x" * 5000), site)


def test_the_compile_command_runs_every_compiled_path_in_a_throw_away_directory(tmp_path):
    """`make` runs it after installing: the first import then loads machine code, not compiles it."""
    import os

    env = {**os.environ, "APP_DATA_DIR": str(tmp_path / "real")}
    done = subprocess.run([sys.executable, "-m", "audience", "compile"], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "real").exists()  # the app's own data directory is not touched
