"""The byte loop of logscan, line by line: which lines it reads, the exact fields, buffer shapes."""
import random
import threading
from datetime import UTC, datetime, timedelta

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from audience import logs, logscan
from audience.event import Drop
from tests.unit.audience.test_logscan import _tricky_lines

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def line(head="203.0.113.9 - -", stamp="10/Mar/2026:10:00:00 +0100", req="GET / HTTP/1.1", status="200",
         tail=' 512 "https://r.example/" "UA/1.0"') -> bytes:
    return f'{head} [{stamp}] "{req}" {status}{tail}'.encode()


def fields(buf: np.ndarray, found: logscan.Scan, k: int = 0) -> dict:
    """The k-th fast line's fields as text (None: field absent) and its time as a datetime."""
    def text(span):
        start, length = int(span[0][k]), int(span[1][k])
        return None if length < 0 else bytes(buf[start:start + length]).decode()
    return {"ip": text(found.ip), "ts": EPOCH + timedelta(microseconds=int(found.ts_us[k])),
            "status": int(found.status[k]), "req": text(found.req), "ref": text(found.ref), "ua": text(found.ua)}


def scan(data: bytes) -> tuple[np.ndarray, logscan.Scan]:
    buf = np.frombuffer(data, np.uint8)
    return buf, logscan.scan(buf)


def at(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=UTC)


COMBINED = {"ip": "203.0.113.9", "ts": at("2026-03-10T09:00:00"), "status": 200, "req": "GET / HTTP/1.1",
            "ref": "https://r.example/", "ua": "UA/1.0"}
FAST = [  # (line, what differs from COMBINED)
    (line(), {}),
    (line(tail=" 512"), {"ref": None, "ua": None}),  # common format
    (line(tail=" 512\r"), {"ref": None, "ua": None}),
    (line(tail=""), {"ref": None, "ua": None}),  # nothing after the status
    (line(tail="\r"), {"ref": None, "ua": None}),
    (line(tail=' - "-" "UA/1.0"\r'), {"ref": "-"}),
    (line(tail=' 1 "-" "UA/1.0" "extra" "x"'), {"ref": "-"}),
    (line(stamp="29/Feb/2024:23:59:59 -0130"), {"ts": at("2024-03-01T01:29:59")}),
    (line(stamp="31/Dec/1999:00:00:01 +0000"), {"ts": at("1999-12-31T00:00:01")}),
    (line(stamp="01/Jan/1000:00:00:00 +2359"), {"ts": at("0999-12-31T00:01:00")}),
    (line(stamp="29/Feb/2000:12:00:00 +0000"), {"ts": at("2000-02-29T12:00:00")}),
    (line(stamp="31/Dec/9999:23:59:59 -0000"), {"ts": at("9999-12-31T23:59:59")}),
    (line(head="2001:db8::3 ident b]ob"), {"ip": "2001:db8::3"}),
    (line(head="a" * (logscan.HEAD_MAX - 4) + " - -"), {"ip": "a" * (logscan.HEAD_MAX - 4)}),
    (line(req="GET /*a* HTTP/1.1", tail=' 5 "*" "*/*\x02"'), {"req": "GET /*a* HTTP/1.1", "ref": "*", "ua": "*/*\x02"}),
    (line(req="", status="404", tail=' - "" ""'), {"req": "", "status": 404, "ref": "", "ua": ""}),
    (line(req="GET /été HTTP/1.1", tail=' 5 "-" "a\\b ü"'), {"req": "GET /été HTTP/1.1", "ref": "-", "ua": "a\\b ü"}),
    (line(status="100"), {"status": 100}),
    (line(status="599"), {"status": 599}),
]


@pytest.mark.parametrize(("text", "changes"), FAST)
@pytest.mark.parametrize("end", [b"", b"\n"])
def test_lines_of_the_strict_shape_are_read_exactly(text, changes, end):
    buf, found = scan(text + end)
    assert list(found.fast) == [0] and found.lines == 1 and found.offsets.tolist() == [0, len(buf)]
    assert fields(buf, found) == COMBINED | changes


@pytest.mark.parametrize(("text", "changes"), [case for case in FAST if not case[0].endswith(b"\r")])
def test_crlf_lines_too(text, changes):
    buf, found = scan(text + b"\r\n" + text)
    assert list(found.fast) == [0, 1]
    assert fields(buf, found, 0) == fields(buf, found, 1) == COMBINED | changes


SLOW = [
    line(stamp="31/Feb/2026:10:00:00 +0000"), line(stamp="29/Feb/2023:10:00:00 +0000"),
    line(stamp="29/Feb/1900:10:00:00 +0000"), line(stamp="10/Mar/2026:24:00:00 +0000"),
    line(stamp="10/Mar/2026:10:60:00 +0000"), line(stamp="10/Mar/2026:10:00:60 +0000"),
    line(stamp="10/Mar/2026:10:00:00 +2400"), line(stamp="10/Mar/2026:10:00:00 +0160"),
    line(stamp="10/mar/2026:10:00:00 +0000"), line(stamp="10/Xyz/2026:10:00:00 +0000"),
    line(stamp="1/Mar/2026:10:00:00 +00000"), line(stamp="10/Mar/0999:10:00:00 +0000"),
    line(stamp="10/Mar/2026:10:00:00 0100"), line(stamp="10/Mar/2026:10:00:00 *0100"),
    line(stamp="10/Mar/2026:10:00:00"), line(stamp="10/Mar/2026 10:00:00 +0100"),
    line(head="203.0.113.9\t- -"), line(head="203.0.113.9  - -"), line(head="203.0.113.9 - - -"),
    line(head="203.0.113.9 - b[ob"), line(head="é.1 - -"), line(head=" - -"), line(head="a -"),
    line(head="203.0.113.9 - -\x7f"), line(head="a" * (logscan.HEAD_MAX - 3) + " - -"),
    line(tail=' 5 "-" "a \\"b\\" c"'), line(tail=' 5 "-" "ua" "\\"x"'), line(req='GET /\\"'),
    line(tail=' 5 "-" "ua" "odd'), line(tail=' 5 "-"'), line(tail=' 5 "-"  "ua"'), line(tail=' 5 "-""ua"'),
    line(status="099"), line(status="600"), line(status="2000"), line(status="20"), line(status="abc"),
    line(status="200\t"), line(tail='"x" "y" "z"'), line(tail="\r\r"),
    b'203.0.113.9 - - [10/Mar/2026:10:00:00 +0100] "GET / HTTP/1.1"200 512',
    b'203.0.113.9 - - [10/Mar/2026:10:00:00 +0100]  "GET / HTTP/1.1" 200 512',
    b'203.0.113.9 - - [10/Mar/2026:10:00:00 +0100]"GET / HTTP/1.1" 200 512',
    b'203.0.113.9 - - [10/Mar/2026:10:00:00 +0100] "GET / HTTP/1.1', b"", b"\r", b'"', b'""', b"x" * 100,
]


@pytest.mark.parametrize("text", SLOW)
def test_other_lines_are_left_to_the_sql_parser(text):
    buf, found = scan(text + b"\n")
    assert list(found.slow) == [0] and len(found.fast) == 0 and len(found.ts_us) == 0


def test_truncated_lines_are_left_to_the_sql_parser():
    """...but those cut between the status and the referrer, which are of the common format."""
    full = line()
    cuts = [full[:n] for n in range(len(full))]
    buf, found = scan(b"\n".join(cuts) + b"\n")
    common = range(full.index(b" 200") + 4, full.index(b'"https') + 1)  # '... 200' to '... 200 512 '
    assert found.lines == len(cuts) and found.fast.tolist() == list(common)


@pytest.mark.parametrize(("data", "lines", "fast"), [
    (b"", 0, []), (b"\n", 1, []), (b"\n" * 9, 9, []), (b"x", 1, []),
    (line(), 1, [0]), (line() + b"\n" + line(), 2, [0, 1]), (b"\n\n" + line() + b"\n\n", 4, [2]),
])
def test_buffer_shapes(data, lines, fast):
    buf, found = scan(data)
    assert found.lines == lines and found.fast.tolist() == fast
    assert sorted(found.fast.tolist() + found.slow.tolist()) == list(range(lines))
    ends = [i + 1 for i, byte in enumerate(data) if byte == 10]
    assert found.offsets.tolist() == [0, *ends] + ([len(data)] if data and data[-1:] != b"\n" else [])
    assert [a.dtype for a in (found.offsets, found.fast, found.slow, found.ts_us, *found.ip, *found.ua)] == \
        [np.int64] * 8 and found.status.dtype == np.int32


@pytest.mark.parametrize("shift", range(16))
def test_every_byte_alignment_reads_the_same(shift):
    data = b"x" * shift + b"\n" + line() + b"\n" + line(tail=" 7")
    buf, found = scan(data)
    assert found.fast.tolist() == [1, 2]
    assert fields(buf, found, 0) == COMBINED and fields(buf, found, 1) == COMBINED | {"ref": None, "ua": None}
    assert found.ip[0].tolist() == [shift + 1, shift + 2 + len(line())]


def test_very_long_lines():
    url = "/" + "y" * 200_000
    data = b"\n".join([line(), line(req=f"GET {url} HTTP/1.1"), line(tail=' 5 "-" "' + "z" * 100_000 + '"'), line()])
    buf, found = scan(data)
    assert found.fast.tolist() == [0, 1, 2, 3]
    assert fields(buf, found, 1)["req"] == f"GET {url} HTTP/1.1" and len(fields(buf, found, 2)["ua"]) == 100_000


def test_more_lines_than_first_guessed():
    """Very short lines: more lines than the arrays first allocated for them (len // 64)."""
    data = b"\n" * 50_000 + b"a\n" * 20_000 + line()
    buf, found = scan(data)
    assert found.lines == 70_001 and found.fast.tolist() == [70_000] and len(found.slow) == 70_000
    assert fields(buf, found) == COMBINED and found.offsets[-1] == len(data)


def test_threads_scan_at_the_same_time():
    rng = random.Random(3)
    datas = [b"\n".join(_tricky_lines(rng, 3000)) for _ in range(4)]
    alone = [logscan.scan(np.frombuffer(d, np.uint8)) for d in datas]
    together: list = [None] * 4
    barrier = threading.Barrier(4)

    def work(i: int) -> None:
        barrier.wait()
        together[i] = logscan.scan(np.frombuffer(datas[i], np.uint8))
    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for a, b in zip(alone, together, strict=True):
        assert all(np.array_equal(x, y) for x, y in zip(_arrays(a), _arrays(b), strict=True))


def _arrays(found: logscan.Scan) -> list[np.ndarray]:
    return [found.offsets, found.fast, found.slow, found.ts_us, found.status, *found.ip, *found.req, *found.ref,
            *found.ua]


def test_fast_lines_are_read_as_the_sql_parser_reads_them():
    """Every line read here, the SQL parser (logs.PARSE_SQL) reads as valid, with the same fields."""
    rng = random.Random(11)
    data = b"\n".join(_tricky_lines(rng, 3000) + [item[0] for item in FAST])
    buf, found = scan(data)
    ours = []
    for k in range(len(found.fast)):
        f = fields(buf, found, k)
        method, _, rest = f["req"].partition(" ")
        ref = None if f["ref"] == "-" else f["ref"]
        ours.append((f["ip"], int(found.ts_us[k]), method, rest.split(" ")[0], f["status"], ref, f["ua"]))
    lines = [bytes(buf[found.offsets[i]:found.offsets[i + 1]]).decode() for i in found.fast]
    con = duckdb.connect()
    con.register("lines", pa.table({"line": pa.array(lines, pa.large_string())}))
    theirs = con.sql(f"SELECT ip, epoch_us(ts), method, url, status, referrer, user_agent, valid "
                     f"FROM ({logs.PARSE_SQL})").fetchall()
    assert all(row[-1] for row in theirs)
    assert sorted(ours, key=repr) == sorted((row[:-1] for row in theirs), key=repr)
    assert len(ours) > 1000


@pytest.mark.parametrize(("data", "ascii_only"), [
    (b"", True),
    (line() + b"\n", True),
    (bytes(range(0x80)) * 3, True),
    (line(req="GET /\u00e9t\u00e9 HTTP/1.1") + b"\n", False),
    (b"abcdefg\x80", False),           # last byte of a whole word
    (b"abcdefgh\xff", False),          # alone in the partial last word
    (b"\xfe" + b"a" * 63 + b"\n", False),
])
def test_scan_tells_whether_the_buffer_is_ascii(data, ascii_only):
    assert scan(data)[1].ascii_only is ascii_only


def test_invalid_utf8_in_a_chunk_is_replaced_and_rescanned():
    good = line(req="GET /caf\u00e9 HTTP/1.1")  # valid UTF-8: kept as is
    bad = line(req="GET /x HTTP/1.1").replace(b"/x", b"/\xff")
    raw, _drops, lines = logs.parse_chunk(memoryview(good + b"\n" + bad + b"\n"), "shop")
    assert lines == 2
    assert sorted(raw["url"].to_pylist()) == ["/caf\u00e9", "/\ufffd"]


def test_the_sql_parser_opens_a_database_only_for_odd_lines():
    opened = []

    def sql() -> duckdb.DuckDBPyConnection:
        opened.append(duckdb.connect())
        return opened[-1]

    raw, drops, lines = logs.parse_chunk(memoryview(line() + b"\n"), "shop", sql=sql)
    assert (raw.num_rows, lines, opened) == (1, 1, [])
    raw, drops, lines = logs.parse_chunk(memoryview(line() + b"\njunk\n"), "shop", sql=sql)
    assert (raw.num_rows, lines, dict(drops), len(opened)) == (1, 2, {Drop.UNPARSEABLE: 1}, 1)
    with pytest.raises(duckdb.ConnectionException):  # closed after use
        opened[0].execute("SELECT 1")
