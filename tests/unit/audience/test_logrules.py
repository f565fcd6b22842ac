"""The log rules (audience/logrules.py): a table of cases, and both readers against a SQL spelling."""
import duckdb
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audience import logrules
from audience.event import Drop

CASES = [
    # method, target, status, reason
    ("GET", "/", 200, None),
    ("GET", "/blog/post-1?utm_source=x", 200, None),
    ("GET", "/contact", 304, None),                       # not modified: a page view
    ("POST", "/contact", 200, Drop.NOT_PAGE),
    ("get", "/contact", 200, Drop.NOT_PAGE),              # methods are case-sensitive
    ("HEAD", "/", 404, Drop.NOT_PAGE),                    # the method rule first
    ("GET", "/missing", 404, Drop.HTTP_ERROR),
    ("GET", "/boom", 599, Drop.HTTP_ERROR),
    ("GET", "/style.css", 500, Drop.HTTP_ERROR),          # errors before static files
    ("GET", "/old", 301, Drop.REDIRECT),
    ("GET", "/old", 300, Drop.REDIRECT),
    ("GET", "/old", 399, Drop.REDIRECT),
    ("GET", "/robots.txt", 200, Drop.NOT_PAGE),
    ("GET", "/robots.txt?x=1", 200, Drop.NOT_PAGE),
    ("GET", "/favicon.ico#a", 200, Drop.NOT_PAGE),
    ("GET", "/robots.txt2", 200, None),
    ("GET", "/ROBOTS.TXT", 200, Drop.STATIC_ASSET),       # not the technical path, but a .txt file
    ("GET", "/wp-json/wp/v2/posts", 200, Drop.NOT_PAGE),
    ("GET", "/wp-json", 200, None),
    ("GET", "http://example.fr/", 200, Drop.NOT_PAGE),    # proxy requests, "*", nothing
    ("GET", "*", 200, Drop.NOT_PAGE),
    ("GET", "", 200, Drop.NOT_PAGE),
    ("GET", "/style.css?v=3", 200, Drop.STATIC_ASSET),
    ("GET", "/img/logo.PNG", 200, Drop.STATIC_ASSET),
    ("GET", "/font.woff2", 200, Drop.STATIC_ASSET),
    ("GET", "/a.b/page", 200, None),                      # the dot is not in the last part
    ("GET", "/page.html", 200, None),
    ("GET", "/page.", 200, None),
    ("GET", "/file.cssx", 200, None),
    ("GET", "/file.verylongext", 200, None),
    ("GET", "/archive.tar.gz", 200, Drop.STATIC_ASSET),
    ("GET", "/x.c-s", 200, None),
    ("GET", "/é.css", 200, Drop.STATIC_ASSET),
    ("GET", "/x.cßs", 200, None),
    ("GET", "/page?file=a.css", 200, None),               # the query does not count
    (None, "/", None, None),                              # missing: GET, 200, "/"
    (None, None, None, None),
    ("GET", None, 404, Drop.HTTP_ERROR),
]


def _codes(rows) -> list[Drop | None]:
    method, target, status = zip(*rows, strict=True)
    codes = logrules.of_columns(pa.array(method, pa.string()), pa.array(target, pa.string()),
                                pa.array(status, pa.int32()))
    return [logrules.REASONS[c] for c in codes.tolist()]


@pytest.mark.parametrize(("method", "target", "status", "reason"), CASES)
def test_rules(method, target, status, reason):
    assert _codes([(method, target, status)]) == [reason]


def test_request_lines_read_as_method_and_target_columns():
    lines = ["GET / HTTP/1.1", "GET /style.css", "POST /x HTTP/1.0", "GET", "", "GET  /double-space",
             "GET /a.css?b HTTP/1.1 extra", "GET /robots.txt HTTP/1.1"]
    data = "".join(lines).encode()
    starts = np.cumsum([0] + [len(line.encode()) for line in lines[:-1]])
    codes, url_start, url_len = logrules.of_requests(np.frombuffer(data, np.uint8), starts,
                                                     [len(line.encode()) for line in lines], [200] * len(lines))
    targets = [data[s:s + n].decode() for s, n in zip(url_start, url_len, strict=True)]
    assert targets == ["/", "/style.css", "/x", "", "", "", "/a.css?b", "/robots.txt"]
    split = [(line.split(" ")[0], (line.split(" ") + [""])[1], 200) for line in lines]
    assert [logrules.REASONS[c] for c in codes.tolist()] == _codes(split)


# The rules as they were first written, in SQL (DuckDB's functions: obviously right, slow): the oracle.
_PATH = "split_part(split_part(url, '?', 1), '#', 1)"
_SQL_RULES = f"""CASE
    WHEN coalesce(method, 'GET') <> 'GET' THEN 'not_page'
    WHEN coalesce(status, 200) >= 400 THEN 'http_error'
    WHEN coalesce(status, 200) BETWEEN 300 AND 399 AND status <> 304 THEN 'redirect'
    WHEN {_PATH} IN (SELECT unnest($paths)) OR starts_with({_PATH}, '/wp-json/')
         OR NOT starts_with(coalesce(url, '/'), '/') THEN 'not_page'
    WHEN lower(regexp_extract({_PATH}, '\\.([A-Za-z0-9]+)$', 1)) IN (SELECT unnest($ext)) THEN 'static_asset'
END"""

_ORACLE = duckdb.connect()
_targets = st.one_of(
    st.text(alphabet="/.?#abcsSjJpPgGtTxX0-é", max_size=14).map(lambda t: "/" + t),
    st.sampled_from(sorted(logrules.NOT_PAGE_PATHS)).flatmap(lambda p: st.sampled_from([p, p + "?a", p + "x"])),
    st.sampled_from(sorted(logrules.STATIC_EXT)).map(lambda e: f"/f.{e.upper() if len(e) % 2 else e}"),
    st.text(max_size=6), st.none())


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(st.one_of(st.sampled_from(["GET", "POST", "get", ""]), st.none()), _targets,
                               st.one_of(st.integers(100, 599), st.none())), min_size=1, max_size=20))
def test_the_compiled_rules_agree_with_their_sql_spelling(rows):
    method, url, status = zip(*rows, strict=True)
    con = _ORACLE
    con.register("t", pa.table({"method": pa.array(method, pa.string()), "url": pa.array(url, pa.string()),
                                "status": pa.array(status, pa.int32())}))
    expected = [r for (r,) in con.execute(f"SELECT {_SQL_RULES} FROM t", {
        "paths": sorted(logrules.NOT_PAGE_PATHS), "ext": sorted(logrules.STATIC_EXT)}).fetchall()]
    assert [None if r is None else str(r) for r in _codes(rows)] == expected
