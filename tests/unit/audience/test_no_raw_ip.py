"""No raw IP at rest: every file under the data directory and the log output, searched byte by byte."""
import ipaddress
import logging
from datetime import UTC, datetime

from audience import logs
from audience.app_views import record_app_pageview
from audience.buffer import get_buffer
from tests.unit.audience.helpers import CHROME, beacon, call
from web.collect import collect

IPS = ["203.0.113.77", "198.51.100.201", "192.0.2.143", "2001:db8:4242:1234:5678:9abc:def0:1",
       "2001:db8:beef:42::1234"]


def needles(ip: str) -> list[bytes]:
    addr = ipaddress.ip_address(ip)
    forms = {ip, addr.exploded, addr.compressed, str(int(addr))}
    out = [f.encode() for f in forms] + [f.encode("utf-16-le") for f in forms]
    if addr.version == 6:
        out.append(addr.packed)        # 16 raw bytes (4 bytes of an IPv4 would match random data)
    return out


def test_no_raw_ip_in_any_file_or_log(db, site, tmp_path, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    headers = {"Origin": "https://www.shop.fr", "User-Agent": CHROME}
    # 1. the collector (client address as the server sees it)
    for ip in IPS:
        assert call(collect, body=beacon(), headers=headers, client=ip).status == 202
        call(collect, body=b"<script>" + ip.encode(), headers=headers, client=ip)      # rejected: invalid
        call(collect, body=beacon(site="nope"), headers=headers, client=ip)            # rejected: unknown
    # 2. the app's own pages
    for ip in IPS:
        record_app_pageview("/analysis", ip=ip, user_agent=CHROME, accept_language="fr", referrer=None,
                            consent_granted=True, gpc=False, dnt=False)
    buf = get_buffer()
    buf.flush()
    # 3. a log file (kept outside the data directory, like an uploaded file)
    today = datetime.now(UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")
    log_file = tmp_path / "input" / "access.log"
    log_file.parent.mkdir()
    log_file.write_text("".join(f'{ip} - - [{today}] "GET /from-log HTTP/1.1" 200 5 "-" "{CHROME}"\n'
                                f'{ip} - - [{today}] "GET /broken\n' for ip in IPS))
    summary = logs.import_file(log_file, site)
    assert summary.events_stored == len(IPS)
    # 4. a failing flush logs its error without the event's values
    buf.add({"site": "shop", "origin": "js", "ts": datetime.now(UTC), "ip": IPS[0], "user_agent": CHROME,
             "url": "https://www.shop.fr/x"})
    real_write = db.write
    db.write = lambda fn: (_ for _ in ()).throw(RuntimeError(f"constraint failed for {IPS[0]}"))
    buf.flush_logged()
    db.write = real_write
    buf.flush()

    assert db.query_one("SELECT count(*) FROM audience.events") == (3 * len(IPS) + 1,)
    assert db.query_one("SELECT count(DISTINCT ip_prefix) FROM audience.events") == (5,)
    db.checkpoint()
    files = [p for p in db.data_dir.rglob("*") if p.is_file()]
    assert any(p.name == "audience.duckdb" for p in files)
    out, err = capfd.readouterr()
    blobs = {str(p): p.read_bytes() for p in files}
    blobs["log records"] = "\n".join(r.getMessage() for r in caplog.records).encode()
    blobs["stdout"], blobs["stderr"] = out.encode(), err.encode()
    assert "audience flush failed (RuntimeError)" in blobs["log records"].decode()
    leaks = [(where, ip) for ip in IPS for where, blob in blobs.items() for n in needles(ip) if n in blob]
    assert not leaks


def test_duckdb_holding_full_addresses_never_spills_to_disk():
    from audience.pipeline import memory_only_duckdb

    con = memory_only_duckdb()
    assert con.execute("SELECT current_setting('temp_directory')").fetchone() == ("",)


def test_no_raw_ip_at_rest_after_importing_every_log_format(db, site, tmp_path, caplog, capfd):
    """Each format's log (tests/unit/audience/log_fixtures.py) with every address above, the line no
    format reads quoted in the refusal: nothing of them in a file, a log record or the output."""
    from tests.unit.audience.log_fixtures import CASES, render

    caplog.set_level(logging.DEBUG)
    now = datetime(2026, 3, 11, 12, tzinfo=UTC)
    stored = 0
    for n, case in enumerate(CASES):
        path = tmp_path / "input" / f"{n}.log"
        path.parent.mkdir(exist_ok=True)
        path.write_text("".join(render(case, ip=ip) for ip in IPS))
        summary = logs.import_file(path, None if case.by_host else site, now=now, log_format=case.log_format)
        assert summary.events_stored, case.name
        stored += summary.events_stored
    unknown = tmp_path / "input" / "unknown.log"
    unknown.write_text("".join(f"{ip} said hello\n" for ip in IPS))
    try:
        logs.import_file(unknown, site, now=now)
    except logs.NoFormatError as refused:
        print(refused.line)  # what the CLI prints
    assert db.query_one("SELECT count(*) FROM audience.events") == (stored,)
    db.checkpoint()
    out, err = capfd.readouterr()
    assert "203.0.0.0 said hello" in out
    blobs = {str(p): p.read_bytes() for p in db.data_dir.rglob("*") if p.is_file()}
    blobs["log records"] = "\n".join(r.getMessage() for r in caplog.records).encode()
    blobs["stdout"], blobs["stderr"] = out.encode(), err.encode()
    assert not [(where, ip) for ip in IPS for where, blob in blobs.items() for n in needles(ip) if n in blob]
