"""The compiled fast path of the log parser (logscan) reads exactly what the SQL parser reads."""
import random

import numpy as np
import pyarrow as pa
import pytest

from audience import logs, logscan, pipeline
from tests.conftest import shared_file
from tests.unit.audience.helpers import split_lines

UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _tricky_lines(rng: random.Random, n: int) -> list[bytes]:
    """Well-formed lines, and lines bent in every way the strict shape checks for."""
    stamps = ["10/Mar/2026:10:00:00 +0100", "29/Feb/2024:23:59:59 -0130", "31/Dec/1999:00:00:01 +0000",
              "31/Feb/2026:10:00:00 +0000", "10/mar/2026:10:00:00 +0000", "1/Mar/2026:10:00:00 +0000",
              "10/Mar/2026:24:00:00 +0000", "10/Mar/2026:10:00:60 +0000", "10/Mar/2026:10:00:00 +2400",
              "10/Mar/2026:10:00:00 0100", "10/Xyz/2026:10:00:00 +0000", "10/Mar/0999:10:00:00 +0000",
              "10/Mar/2026:10:00:00", "not a date at all, 26 byte"]
    heads = ["203.0.113.9 - -", "2001:db8:1:2::3 - -", "203.0.113.9 ident bob", "203.0.113.9  - -",
             "203.0.113.9 - - -", "203.0.113.9\t- -", "203.0.113.9 - b[ob", "203.0.113.9 - b]ob", " - -",
             "203.0.113.9 - -x" + "y" * 40, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff - -", "é.1 - -", "a -",
             "::ffff:203.0.113.9 - -"]
    requests = ["GET / HTTP/1.1", "GET /tarifs?utm_source=x HTTP/1.1", "GET /style.css HTTP/1.1",
                "POST /contact HTTP/1.1", "GET /robots.txt HTTP/1.0", "GET", "", "GET /a b HTTP/1.1",
                "HEAD / HTTP/1.1", "GET http://example.fr/ HTTP/1.1", "GET /wp-json/x HTTP/2.0",
                "GET /été HTTP/1.1", "get / HTTP/1.1"]
    statuses = ["200", "304", "301", "404", "500", "099", "600", "2000", "20", "abc", "200\t"]
    def pick(options: list[str]) -> str:  # mostly the first, well-formed, value
        return options[0] if rng.random() < 0.75 else rng.choice(options)

    lines = []
    for _ in range(n):
        head, stamp, req, status = pick(heads), pick(stamps), rng.choice(requests), pick(statuses)
        ref = pick(["-", "https://www.google.fr/", "", "x\\\"y"])
        ua = pick([UA, "", "-", "Googlebot/2.1", 'a \\"b\\" c'])
        shape = rng.randrange(10)
        if shape == 0:
            line = f'{head} [{stamp}] "{req}" {status} 512'  # common format
        elif shape == 1:
            line = f'{head} [{stamp}] "{req}" {status} 512 "{ref}" "{ua}" "extra"'
        elif shape == 2:
            line = f'{head} [{stamp}] "{req}" {status} 512 "{ref}"  "{ua}"'
        elif shape == 3:
            line = f'{head} [{stamp}] "{req}" {status} - "{ref}" "{ua}"\r'
        else:
            line = f'{head} [{stamp}] "{req}" {status} 512 "{ref}" "{ua}"'
        if rng.random() < 0.05:
            cut = rng.randrange(len(line) + 1)
            line = line[:cut]
        lines.append(line.encode())
    return lines


def _rows(table: pa.Table) -> list[tuple]:
    return sorted(tuple(map(repr, row.values())) for row in table.to_pylist())


def _both_ways(data: bytes) -> tuple[tuple, tuple, logscan.Scan]:
    con = pipeline.memory_only_duckdb()
    raw, drops, n = logs.parse_chunk(memoryview(data), "shop", "Europe/Paris", sql=con.cursor)
    lines = split_lines(data)
    sql_raw, sql_drops = logs.parse_lines(con, lines, "shop", "Europe/Paris")
    found = logscan.scan(np.frombuffer(data, np.uint8))
    assert n == len(lines) == found.lines
    return (_rows(raw), dict(drops), dict(drops.daily)), (_rows(sql_raw), dict(sql_drops), dict(sql_drops.daily)), \
        found


def test_fast_path_agrees_with_the_sql_parser_on_bent_lines():
    rng = random.Random(5)
    data = b"\n".join(_tricky_lines(rng, 4000)) + b"\n\n" + b"x" * 3 + b"\n\xff\xfe bad utf-8\n" + b'1.2.3.4 - -'
    fast, sql, found = _both_ways(data)
    assert fast == sql
    assert len(found.fast) > 1000 and len(found.slow) > 1000  # both paths really ran


@pytest.mark.parametrize("tail", [b"", b"\n", b"\r\n"])
def test_fast_path_agrees_on_a_tiny_buffer(tail):
    line = f'203.0.113.9 - - [10/Mar/2026:10:00:00 +0100] "GET / HTTP/1.1" 200 5 "-" "{UA}"'.encode()
    fast, sql, found = _both_ways(line + tail)
    assert fast == sql and len(found.fast) == 1
    fast, sql, found = _both_ways(b'a b c "x" 200')
    assert fast == sql


def test_fast_path_reads_all_of_the_shipped_log_like_the_sql_parser():
    data = shared_file("logs", "apache_logs.log").read_bytes()
    fast, sql, found = _both_ways(data)
    assert fast == sql
    assert len(found.slow) < 20  # the truncated line and lines with escaped quotes


def test_small_parse_chunks_give_the_same_import(db, site, monkeypatch):
    """Chunks parsed in parallel (here ~40 of them, one line longer than a chunk) change nothing."""
    from datetime import UTC, datetime

    from audience.event import Drop

    monkeypatch.setattr(logs, "PARSE_CHUNK_BYTES", 60_000)
    monkeypatch.setattr(logs, "MIN_CHUNK_BYTES", 60_000)
    data = shared_file("logs", "apache_logs.log").read_bytes()
    long_line = b'203.0.113.7 - - [17/May/2015:10:05:03 +0000] "GET /x' + b"y" * 70_000 + b' HTTP/1.1" 404 1 "-" "z"\n'
    summary = logs.import_bytes(long_line + data, site, now=datetime(2015, 5, 21, 12, tzinfo=UTC))
    assert summary.lines_read == 10_001
    assert dict(summary.dropped) == {Drop.UNPARSEABLE: 1, Drop.STATIC_ASSET: 4_699, Drop.NOT_PAGE: 1_027,
                                     Drop.HTTP_ERROR: 209, Drop.REDIRECT: 163, Drop.BOT: 2_263}
    assert summary.events_stored == 1_639
