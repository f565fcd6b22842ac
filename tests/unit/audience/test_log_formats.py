"""Every log format, table-driven (tests/unit/audience/log_fixtures.py): the events and drop reasons of
each small log, its detection, the site chosen by the virtual host, and bad input of every kind."""
from __future__ import annotations

import bz2
import gzip
import random
from datetime import UTC, datetime

import pytest
import zstandard

from audience import logformats, logs, sites
from audience.anonymise import mask_addresses
from audience.event import Drop
from tests.unit.audience.log_fixtures import CASES, render

NOW = datetime(2026, 3, 11, 12, tzinfo=UTC)
IDS = [f"{case.name}-{i}" for i, case in enumerate(CASES)]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_each_format_gives_its_events_and_drop_reasons(db, site, tmp_path, case):
    path = tmp_path / "access.log"
    path.write_text(render(case))
    seen = []
    summary = logs.import_file(path, None if case.by_host else site, now=NOW, log_format=case.log_format,
                               on_format=seen.append)
    assert seen == [case.name] and summary.format == case.name
    assert summary.events_stored == case.stored
    assert {str(reason): n for reason, n in summary.dropped.items() if n} == case.dropped
    assert summary.lines_read == case.stored + sum(case.dropped.values())
    rows = db.query("SELECT DISTINCT site, path, browser, day FROM audience.events")
    assert {path for _, path, _, _ in rows} == case.paths
    assert {(s, browser, day.isoformat()) for s, _, browser, day in rows} == {("shop", case.browser, "2026-03-10")}


@pytest.mark.parametrize("case", [c for c in CASES if c.detected], ids=[i for i, c in zip(IDS, CASES) if c.detected])
def test_each_format_is_detected_from_its_first_lines(db, site, case):
    content = logs.LogContent(render(case).encode())
    assert logs.choose_format(content, None).name == case.name


@pytest.mark.parametrize("pack", [gzip.compress, bz2.compress, zstandard.ZstdCompressor().compress],
                         ids=["gzip", "bz2", "zstd"])
def test_compressed_logs_are_read_like_plain_ones(db, site, tmp_path, pack):
    path = tmp_path / "access.log.packed"
    path.write_bytes(pack(render(CASES[1]).encode()))
    assert logs.import_file(path, site, now=NOW).events_stored == 1
    again = logs.import_file(path, site, now=NOW)  # the same content: recognised
    assert (again.events_stored, again.dropped[Drop.ALREADY_IMPORTED]) == (0, 5)


def test_one_file_for_several_sites_by_virtual_host(db, site, tmp_path):
    db.execute("INSERT INTO audience_sites (name, hosts) VALUES ('blog', ['blog.shop.fr'])")
    sites.invalidate_cache()
    line = 'HOST 203.0.113.7 - - [10/Mar/2026:10:00:00 +0100] "GET PATH HTTP/1.1" 200 5 "-" "Mozilla/5.0 Firefox/120"'
    path = tmp_path / "vhosts.log"
    path.write_text("".join(line.replace("HOST", host).replace("PATH", p) + "\n" for host, p in (
        ("www.shop.fr:443", "/tarifs"), ("blog.shop.fr:443", "/billet"), ("blog.shop.fr", "/autre"),
        ("other.fr", "/x"))))
    summary = logs.import_file(path, None, now=NOW)
    assert (summary.events_stored, dict(summary.dropped)) == (3, {Drop.UNKNOWN_HOST: 1})
    assert db.query("SELECT site, path FROM audience.events ORDER BY site, path") == [
        ("blog", "/autre"), ("blog", "/billet"), ("shop", "/tarifs")]
    only_blog = tmp_path / "vhosts2.log"
    only_blog.write_text(path.read_text().replace("GET /", "GET /2/"))
    summary = logs.import_file(only_blog, "blog", now=NOW)  # --site keeps that site's lines
    assert (summary.events_stored, summary.dropped[Drop.UNKNOWN_HOST]) == (2, 2)


def test_a_format_without_hosts_needs_a_site(db, site, tmp_path):
    path = tmp_path / "a.log"
    path.write_text(render(CASES[1]))
    with pytest.raises(logs.SiteRequiredError):
        logs.import_file(path, None, now=NOW)


def test_a_file_mixing_formats_reads_the_detected_one_and_counts_the_rest(db, site, tmp_path):
    path = tmp_path / "mixed.log"
    path.write_text(render(CASES[1]) * 3 + render(CASES[5]))
    summary = logs.import_file(path, site, now=NOW)
    assert summary.format == "combined"
    assert summary.dropped[Drop.UNPARSEABLE] == 3 + len(CASES[5].lines)


def test_a_log_from_the_future_is_counted(db, site, tmp_path):
    path = tmp_path / "future.log"
    path.write_text(render(CASES[1]).replace("10/Mar/2026", "10/Mar/2027"))
    summary = logs.import_file(path, site, now=NOW)
    assert (summary.events_stored, summary.dropped[Drop.FUTURE]) == (0, 1)


def test_a_binary_file_is_refused_with_a_clear_message_and_nothing_stored(db, site, tmp_path):
    path = tmp_path / "binary.log"
    path.write_bytes(random.Random(3).randbytes(20_000))
    with pytest.raises(logs.NoFormatError):
        logs.import_file(path, site, now=NOW)
    text = tmp_path / "unknown.log"
    text.write_text("203.0.113.77 did something at noon\n2001:db8:4242:1::99 too\n")
    with pytest.raises(logs.NoFormatError) as refused:
        logs.import_file(text, site, now=NOW)
    assert refused.value.line == "203.0.0.0 did something at noon"  # the address masked (anonymise_ip)
    assert db.query_one("SELECT (SELECT count(*) FROM audience.events) + (SELECT count(*) FROM audience.log_imports)"
                        ) == (0,)


@pytest.mark.parametrize(("given", "message"), [
    ("nope", "unknown format"), ('%h %{%Y}t "%r" %>s', "custom time format"), ("%h %l", "must name"),
])
def test_a_bad_format_string_is_refused_with_the_reason(db, site, tmp_path, given, message):
    path = tmp_path / "a.log"
    path.write_text(render(CASES[1]))
    with pytest.raises(logformats.BadFormatError, match=message):
        logs.import_file(path, site, now=NOW, log_format=given)


def test_masked_line_masks_every_address_form():
    line = "client 192.0.2.143:2817 via 2001:db8:beef:42::1234 said hi"
    assert mask_addresses(line) == "client 192.0.0.0:2817 via 2001:db8:beef:: said hi"
