"""Access-log formats: one small spec per format (FORMATS), each compiled to a parser in SQL.

Kinds of spec:
- "clf": common and combined, read by the compiled byte loop (logscan) and logs.PARSE_SQL;
- "regex": a regular expression whose groups are fields, written out (HAProxy, ALB, ELB) or
  compiled from the server's own format string (`from_server_format`: Apache `%h %l %u %t "%r"
  %>s %b`, nginx `$remote_addr - $remote_user [$time_local] "$request" ...`);
- "json": one JSON object per line (nginx `escape=json`, Caddy, Traefik), each field a list of
  JSON paths, the first present wins;
- "w3c": W3C extended (IIS, CloudFront): the fields named by the last `#Fields:` directive, which
  may change in the middle of a file (`W3C.fields_after`), separated by spaces or tabs.

Every parser gives the same columns (see TAIL): ip, ts, method, url, status, referrer,
user_agent, host, valid, vectorised in an in-memory DuckDB (no Python per line). `detect` tries
every spec on the first lines of a file and keeps the one that reads most of them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import duckdb
import pyarrow as pa

SAMPLE_LINES = 200  # lines read by `detect`
_QUOTED = r'((?:[^"\\]|\\.)*)'

# The same columns out of every parser. `f` has ip, ts, method, url, status, referrer, user_agent
# and host as text (ts already a TIMESTAMPTZ); an absolute target (ALB) gives its path and host.
TAIL = r"""
SELECT ip::VARCHAR AS ip, ts::TIMESTAMPTZ AS ts, method::VARCHAR AS method,
       CASE WHEN regexp_matches(url, '^https?://')
            THEN coalesce(nullif(regexp_extract(url, '^https?://[^/?#]*(.*)$', 1), ''), '/')
            ELSE url END::VARCHAR AS url,
       TRY_CAST(status AS INTEGER) AS status,
       nullif(nullif(referrer, '-'), '')::VARCHAR AS referrer,
       nullif(nullif(user_agent, '-'), '')::VARCHAR AS user_agent,
       lower(coalesce(nullif(nullif(host, '-'), ''), CASE WHEN regexp_matches(url, '^https?://')
                      THEN regexp_extract(url, '^https?://([^/?#]*)', 1) END))::VARCHAR AS host,
       coalesce(ts IS NOT NULL AND ip IS NOT NULL AND ip NOT IN ('', '-') AND method IS NOT NULL
                AND method <> '' AND url IS NOT NULL AND url <> ''
                AND TRY_CAST(status AS INTEGER) BETWEEN 100 AND 599, false) AS valid
FROM f
"""
# A time as text, whatever its form: epoch seconds, CLF (10/Oct/2000:13:55:36 -0700), ISO 8601
# (more than 6 decimals cut: Traefik writes nanoseconds); without a zone: UTC (the session's).
_ANY_TIME = ("coalesce(to_timestamp(TRY_CAST({t} AS DOUBLE)), try_strptime({t}, '%d/%b/%Y:%H:%M:%S %z'), "
             "TRY_CAST(regexp_replace({t}, '(\\.[0-9]{{1,6}})[0-9]*', '\\1') AS TIMESTAMPTZ))")


class BadFormatError(ValueError):
    """A --format that cannot be read (unknown name, unsupported directive); the message says why."""


@dataclass(frozen=True)
class LogFormat:
    name: str
    kind: str                      # clf | regex | json | w3c
    pattern: str = ""              # regex: groups in the order of `groups`
    groups: tuple[str, ...] = ()   # regex: field of each group (ip, time, request, method, url, status...)
    time: str = "clf"              # regex: clf | iso | epoch | haproxy (server-local, no zone)
    paths: dict[str, tuple[str, ...]] = field(default_factory=dict)  # json: field -> JSON paths
    has_host: bool = False         # lines name their virtual host: it chooses the site


def _time_sql(kind: str, expr: str) -> str:
    if kind == "clf":
        return f"try_strptime({expr}, '%d/%b/%Y:%H:%M:%S %z')"
    if kind == "haproxy":  # the server's local time, no zone written: the organisation's (a parameter)
        return f"timezone(?, try_strptime(split_part({expr}, '.', 1), '%d/%b/%Y:%H:%M:%S'))"
    return _ANY_TIME.format(t=expr)


def _request_fields(method: str, url: str, request: str) -> str:
    """method and url: their own fields, else the words of the request line."""
    return (f"coalesce({method}, nullif(split_part({request}, ' ', 1), '')) AS method, "
            f"coalesce({url}, nullif(split_part({request}, ' ', 2), '')) AS url")


def _regex_sql(spec: LogFormat) -> str:
    def group(name: str) -> str:
        return f"nullif(r.{name}, '')" if name in spec.groups else "NULL"

    names = ", ".join(f"'{name}'" for name in spec.groups)
    return (f"WITH r AS (SELECT regexp_extract(line, ?, [{names}]) AS r FROM lines), "
            f"f AS (SELECT {group('ip')} AS ip, {_time_sql(spec.time, group('time'))} AS ts, "
            f"{_request_fields(group('method'), group('url'), group('request'))}, {group('status')} AS status, "
            f"replace({group('referrer')}, '\\\"', '\"') AS referrer, "
            f"replace({group('user_agent')}, '\\\"', '\"') AS user_agent, {group('host')} AS host FROM r) {TAIL}")


def _json_sql(spec: LogFormat) -> str:
    order = ("ip", "time", "method", "url", "request", "status", "referrer", "user_agent", "host")
    paths = [path for name in order for path in spec.paths.get(name, ())]
    at, picks = 1, {}
    for name in order:
        n = len(spec.paths.get(name, ()))
        picks[name] = f"coalesce({', '.join(f'v[{at + k}]' for k in range(n))})" if n else "NULL"
        at += n
    listed = ", ".join("'" + path.replace("'", "''") + "'" for path in paths)
    request = f"CASE WHEN NOT starts_with({picks['request']}, '{{') THEN {picks['request']} END"
    return (f"WITH j AS (SELECT CASE WHEN json_valid(line) AND starts_with(ltrim(line), '{{') "
            f"THEN json_extract_string(line, [{listed}]) END AS v FROM lines), "
            f"f AS (SELECT {picks['ip']} AS ip, {_ANY_TIME.format(t=picks['time'])} AS ts, "
            f"{_request_fields(picks['method'], picks['url'], request)}, {picks['status']} AS status, "
            f"{picks['referrer']} AS referrer, {picks['user_agent']} AS user_agent, {picks['host']} AS host "
            f"FROM j) {TAIL}")


# W3C field names (lower case) -> our fields; UA and referrer are '+'-separated (IIS) or URL-encoded
# (CloudFront, tab-separated): both are decoded.
_W3C = {"c-ip": "ip", "date": "date", "time": "time", "cs-method": "method", "cs-uri-stem": "url",
        "cs-uri-query": "query", "sc-status": "status", "cs(referer)": "referrer", "cs(user-agent)": "user_agent",
        "x-host-header": "host", "cs-host": "host", "cs(host)": "host"}


def _w3c_sql(fields: tuple[str, ...]) -> str:
    where: dict[str, int] = {}
    for i, name in sorted(enumerate(fields), key=lambda f: f[1].lower() != "x-host-header"):
        key = _W3C.get(name.lower())
        if key and key not in where:
            where[key] = i + 1  # x-host-header (the site's host) before CloudFront's cs(Host)

    def col(name: str) -> str:
        return f"nullif(p[{where[name]}], '-')" if name in where else "NULL"

    def text(name: str) -> str:
        return f"url_decode(url_decode(replace({col(name)}, '+', ' ')))"  # CloudFront encodes twice

    ts = f"TRY_CAST({col('date')} || ' ' || {col('time')} AS TIMESTAMPTZ)"
    url = f"{col('url')} || coalesce('?' || {col('query')}, '')"
    # the separator: a tab where the line has one (CloudFront), else a space (IIS)
    return (f"WITH s AS (SELECT string_split(line, CASE WHEN contains(line, chr(9)) THEN chr(9) ELSE ' ' END) AS p "
            f"FROM lines), f AS (SELECT {col('ip')} AS ip, {ts} AS ts, {col('method')} AS method, {url} AS url, "
            f"{col('status')} AS status, {text('referrer')} AS referrer, {text('user_agent')} AS user_agent, "
            f"{col('host')} AS host FROM s) {TAIL}")


def w3c_fields_after(text: bytes, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The #Fields in force after `text` (the last directive in it, else `fields`)."""
    at = text.rfind(b"#Fields:")
    while at > 0 and text[at - 1] not in b"\n":
        at = text.rfind(b"#Fields:", 0, at)
    if at < 0:
        return fields
    end = text.find(b"\n", at)
    return tuple(text[at + 8:end if end >= 0 else len(text)].decode("ascii", "replace").split())


# -- the server's own format strings -------------------------------------------------------------
_APACHE = {"h": "ip", "a": "ip", "t": "time", "r": "request", "s": "status", "v": "host", "V": "host",
           "m": "method", "U": "url"}
_APACHE_HEADERS = {"referer": "referrer", "user-agent": "user_agent", "host": "host"}
_NGINX = {"remote_addr": "ip", "time_local": "time", "time_iso8601": "time", "msec": "time", "request": "request",
          "status": "status", "http_referer": "referrer", "http_user_agent": "user_agent", "host": "host",
          "http_host": "host", "server_name": "host", "request_method": "method", "request_uri": "url"}
_FIELD_RE = {"ip": r"(\S+)", "status": r"(\d{3})", "host": r"([^\s:]+)"}
_TIME_RE = {"apache": r"\[([^\]]+)\]", "clf": r"(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})", "iso": r"(\S+)",
            "epoch": r"([0-9.]+)"}
_APACHE_TOKEN = re.compile(r"%[<>!0-9,]*(?:\{([^}]*)\})?([a-zA-Z%])")
_NGINX_TOKEN = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


def from_server_format(text: str) -> LogFormat:
    """A regex spec from an Apache LogFormat (`%h %l %u %t "%r" %>s %b`) or an nginx log_format
    (`$remote_addr - $remote_user [$time_local] "$request" $status ...`)."""
    nginx = "$" in text and "%" not in text.replace("%%", "")
    tokens = _NGINX_TOKEN if nginx else _APACHE_TOKEN
    pattern, groups, at = "^", [], 0
    time_kind = "clf"
    for match in tokens.finditer(text):
        if match.start() < at:  # the port of "%v:%p", read with its host
            continue
        pattern += re.escape(text[at:match.start()])
        quoted = text[:match.start()].endswith('"')
        if nginx:
            var = match.group(1) or match.group(2)
            name = _NGINX.get(var)
            if var == "time_iso8601":
                time_kind = "iso"
            elif var == "msec":
                time_kind = "epoch"
        else:
            arg, letter = match.groups()
            if letter == "%":
                pattern, at = pattern + "%", match.end()
                continue
            if letter == "t" and arg:
                raise BadFormatError("%{...}t (a custom time format) is not supported: use %t")
            name = _APACHE_HEADERS.get((arg or "").lower()) if letter == "i" else _APACHE.get(letter)
            if letter == "v" and text[match.end():match.end() + 3] == ":%p":  # vhost_combined: the port optional
                pattern += r"([^\s:]+)(?::\d+)?" if name not in groups else r"\S+"
                groups += [name] if name not in groups else []
                at = match.end() + 3
                continue
        if name is None or name in groups:
            pattern += r"(?:[^\"\\]|\\.)*" if quoted else r"\S*"
        else:
            groups.append(name)
            if quoted:
                pattern += _QUOTED
            elif name == "time":
                pattern += _TIME_RE[time_kind if nginx else "apache"]
            else:
                pattern += _FIELD_RE.get(name, r"(\S+)")
        at = match.end()
    pattern += re.escape(text[at:]) + r"\r?$"
    if not {"ip", "time", "status"} <= set(groups) or not {"request", "url"} & set(groups):
        raise BadFormatError("the format must name the client address, the time, the request and the status")
    return LogFormat(name="custom", kind="regex", pattern=pattern, groups=tuple(groups), time=time_kind,
                     has_host="host" in groups)


# -- the table of formats --------------------------------------------------------------------------
_HAPROXY = (r'^(?:.*?: )?(\S+):\d+ \[(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2}(?:\.\d+)?)\] \S+ \S+ '
            r'[-+\d]+/[-+\d]+/[-+\d]+/[-+\d]+/[-+\d]+ (\d{3}) .*?"([^"]*)"\r?$')
_ELB_TAIL = r'\S+ \S+ \S+ (\d{3}|-) \S+ \S+ \S+ "([^"]*)" "((?:[^"\\]|\\.)*)"'
_ALB = r'^(?:https?|h2|grpcs?|wss?) (\S+) \S+ (\S+?):\d+ \S+ ' + _ELB_TAIL + r'(?: .*)?\r?$'
_ELB = r'^(\d{4}-\d{2}-\d{2}T\S+) \S+ (\S+?):\d+ \S+ ' + _ELB_TAIL + r'(?: .*)?\r?$'
_JSON_PATHS = {
    "ip": ("$.remote_addr", "$.request.client_ip", "$.request.remote_ip", "$.ClientHost", "$.client_ip", "$.ip"),
    "time": ("$.time_iso8601", "$.time_local", "$.ts", "$.StartUTC", "$.time", "$.timestamp", '$."@timestamp"'),
    "method": ("$.request_method", "$.request.method", "$.RequestMethod", "$.method"),
    "url": ("$.request_uri", "$.request.uri", "$.RequestPath", "$.uri"),
    "request": ("$.request",),
    "status": ("$.status", "$.DownstreamStatus", "$.OriginStatus", "$.status_code"),
    "referrer": ("$.http_referer", '$.request.headers."Referer"[0]', '$."request_Referer"', "$.referer",
                 "$.referrer"),
    "user_agent": ("$.http_user_agent", '$.request.headers."User-Agent"[0]', '$."request_User-Agent"',
                   "$.user_agent"),
    "host": ("$.host", "$.http_host", "$.request.host", "$.RequestHost", "$.server_name"),
}
VHOST_COMBINED = '%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"'
FORMATS: tuple[LogFormat, ...] = (
    LogFormat("combined", "clf"),  # common lines too: the byte loop reads both
    replace(from_server_format(VHOST_COMBINED), name="vhost_combined"),
    LogFormat("json", "json", paths=_JSON_PATHS, has_host=True),
    LogFormat("w3c", "w3c", has_host=True),
    LogFormat("haproxy", "regex", _HAPROXY, ("ip", "time", "status", "request"), time="haproxy"),
    LogFormat("alb", "regex", _ALB, ("time", "ip", "status", "request", "user_agent"), time="iso", has_host=True),
    LogFormat("elb", "regex", _ELB, ("time", "ip", "status", "request", "user_agent"), time="iso", has_host=True),
)
BY_NAME = {spec.name: spec for spec in FORMATS} | {"common": FORMATS[0], "iis": FORMATS[3],
                                                   "cloudfront": FORMATS[3], "nginx_json": FORMATS[2],
                                                   "caddy": FORMATS[2], "traefik": FORMATS[2]}


def named(text: str) -> LogFormat:
    """The spec of a --format: a name of BY_NAME, or the server's own format string."""
    if text in BY_NAME:
        return BY_NAME[text]
    if "%" in text or "$" in text:
        return from_server_format(text)
    raise BadFormatError(f"unknown format {text!r}: one of {', '.join(sorted(BY_NAME))}, "
                         "or the server's own format string")


def parse(con: duckdb.DuckDBPyConnection, spec: LogFormat, lines: pa.Array, timezone: str = "UTC",
          fields: tuple[str, ...] = ()) -> pa.Table:
    """The parsed columns (TAIL) of `lines` in `spec`, in their order; `fields`: the W3C #Fields in
    force at the first line (a directive among the lines changes them for the lines after it)."""
    if spec.kind == "w3c":
        return _parse_w3c(con, lines, fields)
    if spec.kind == "regex":
        sql, params = _regex_sql(spec), [spec.pattern] + ([timezone] if spec.time == "haproxy" else [])
    elif spec.kind == "json":
        sql, params = _json_sql(spec), []
    else:
        raise ValueError(spec.kind)  # clf: logs.parse_chunk
    return _run(con, sql, params, lines)


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: list, lines: pa.Array) -> pa.Table:
    con.register("lines", pa.table({"line": lines}))
    try:
        return con.sql(sql, params=params).to_arrow_table()
    finally:
        con.unregister("lines")


def _parse_w3c(con: duckdb.DuckDBPyConnection, lines: pa.Array, fields: tuple[str, ...]) -> pa.Table:
    """Runs of lines between directives, each read with the #Fields in force (directives: invalid
    rows, which the caller does not count as lines dropped)."""
    texts = lines.to_pylist()  # directives are found in Python: W3C logs are not the bulk of imports
    parts, start = [], 0
    for i, text in enumerate([*texts, "#"]):
        if text is not None and text.startswith("#"):
            if i > start:
                part = lines.slice(start, i - start)
                parts.append(_run(con, _w3c_sql(fields), [], part) if fields else _unread(con, part))
            if i < len(texts):
                parts.append(_unread(con, lines.slice(i, 1)))
                fields = w3c_fields_after(text.encode("utf-8", "replace"), fields)
            start = i + 1
    return pa.concat_tables(parts) if parts else _unread(con, lines.slice(0, 0))


def _unread(con: duckdb.DuckDBPyConnection, lines: pa.Array) -> pa.Table:
    """Rows of TAIL's columns, all invalid (lines before any #Fields, the directives themselves)."""
    return _run(con, _w3c_sql(()), [], lines)


def is_directive(spec: LogFormat, lines: pa.Array) -> pa.Array:
    """W3C: the directive lines (#Version, #Fields...: not lines dropped); other kinds: none."""
    import pyarrow.compute as pc

    if spec.kind != "w3c":
        return pa.repeat(pa.scalar(False), len(lines))
    return pc.fill_null(pc.starts_with(lines, "#"), False)


def sample_lines(head: bytes) -> list[str]:
    """Up to SAMPLE_LINES lines of a file's head (the last one dropped: it may be cut)."""
    lines = head.decode("utf-8", "replace").splitlines()
    return lines[:-1][:SAMPLE_LINES] if len(lines) > 1 and not head.endswith(b"\n") else lines[:SAMPLE_LINES]


def detect(con: duckdb.DuckDBPyConnection, lines: Sequence[str], clf_valid: int,
           timezone: str = "UTC") -> tuple[LogFormat | None, int]:
    """The spec that reads most of `lines` (the head of a file) and how many it reads; `clf_valid`:
    how many the common/combined parser reads (the caller's). None when no spec reads any."""
    array = pa.array(list(lines), pa.string())
    best, best_n = (FORMATS[0], clf_valid) if clf_valid else (None, 0)
    for spec in FORMATS[1:]:
        n = sum(parse(con, spec, array, timezone)["valid"].to_pylist()) if len(array) else 0
        if n > best_n:
            best, best_n = spec, n
    return best, best_n
