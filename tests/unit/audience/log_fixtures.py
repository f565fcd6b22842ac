"""One small access log per format, written by the tests (no copies of outside files), with what its
import must give. Every template has {ip} (the client) and {ua}; the lines of each are, in order:
a page view (kept), a static file, an error, then what the format adds (a host of no site...) and a
line no parser reads."""
from __future__ import annotations

from dataclasses import dataclass

from tests.unit.audience.helpers import CHROME

CLF_TIME = "10/Mar/2026:10:00:00 +0100"  # 09:00 UTC, the day before tests' NOW


@dataclass(frozen=True)
class LogCase:
    name: str                   # the format's name, as detected (or "custom")
    lines: tuple[str, ...]
    stored: int
    dropped: dict[str, int]
    paths: frozenset[str] = frozenset({"/tarifs"})
    log_format: str | None = None  # --format given (a server's own format string)
    by_host: bool = False       # lines name their virtual host: imported without --site
    detected: bool = True       # recognised without --format
    browser: str = "Chrome"     # "" where the format has no user agent


CASES = [
    LogCase("common", (
        '{ip} - - [' + CLF_TIME + '] "GET /tarifs HTTP/1.1" 200 512',
        '{ip} - - [' + CLF_TIME + '] "GET /style.css HTTP/1.1" 200 512',
        '{ip} - - [' + CLF_TIME + '] "GET /missing HTTP/1.1" 404 512',
        "garbage"), 1, {"static_asset": 1, "http_error": 1, "unparseable": 1}, browser=""),
    LogCase("combined", (
        '{ip} - - [' + CLF_TIME + '] "GET /tarifs?utm_source=x HTTP/1.1" 200 512 "https://www.google.fr/" "{ua}"',
        '{ip} - - [' + CLF_TIME + '] "GET /app.js HTTP/1.1" 200 512 "-" "{ua}"',
        '{ip} - - [' + CLF_TIME + '] "GET /old HTTP/1.1" 301 0 "-" "{ua}"',
        '{ip} - - [' + CLF_TIME + '] "POST /form HTTP/1.1" 200 0 "-" "{ua}"',
        "garbage"), 1, {"static_asset": 1, "redirect": 1, "not_page": 1, "unparseable": 1}),
    LogCase("vhost_combined", (
        'www.shop.fr:443 {ip} - - [' + CLF_TIME + '] "GET /tarifs HTTP/1.1" 200 512 "-" "{ua}"',
        'shop.fr {ip} - - [' + CLF_TIME + '] "GET /logo.png HTTP/1.1" 200 512 "-" "{ua}"',
        'www.shop.fr:443 {ip} - - [' + CLF_TIME + '] "GET /x HTTP/1.1" 500 512 "-" "{ua}"',
        'www.other.fr:80 {ip} - - [' + CLF_TIME + '] "GET / HTTP/1.1" 200 512 "-" "{ua}"',
        "garbage"), 1, {"static_asset": 1, "http_error": 1, "unknown_host": 1, "unparseable": 1}, by_host=True),
    LogCase("custom", (
        '{ip} [' + CLF_TIME + '] "GET /tarifs HTTP/1.1" 200 5120 "{ua}"',
        '{ip} [' + CLF_TIME + '] "GET /a.css HTTP/1.1" 200 5120 "{ua}"',
        '{ip} [' + CLF_TIME + '] "GET /b HTTP/1.1" 404 5120 "{ua}"',
        "garbage"), 1, {"static_asset": 1, "http_error": 1, "unparseable": 1},
        log_format='%a %t "%r" %>s %b "%{User-Agent}i"', detected=False),
    LogCase("custom", (
        '{ip} [2026-03-10T10:00:00+01:00] "GET /tarifs HTTP/1.1" 200 "{ua}" www.shop.fr',
        '{ip} [2026-03-10T10:00:00+01:00] "GET /a.svg HTTP/1.1" 200 "{ua}" www.shop.fr',
        '{ip} [2026-03-10T10:00:00+01:00] "GET /b HTTP/1.1" 403 "{ua}" shop.fr',
        '{ip} [2026-03-10T10:00:00+01:00] "GET /c HTTP/1.1" 200 "{ua}" nowhere.example',
        "garbage"), 1, {"static_asset": 1, "http_error": 1, "unknown_host": 1, "unparseable": 1},
        log_format='$remote_addr [$time_iso8601] "$request" $status "$http_user_agent" $host', by_host=True,
        detected=False),
    LogCase("json", (  # nginx log_format ... escape=json
        '{{"remote_addr":"{ip}","time_local":"' + CLF_TIME + '","request":"GET /tarifs HTTP/1.1","status":"200",'
        '"http_referer":"","http_user_agent":"{ua}","host":"www.shop.fr"}}',
        '{{"remote_addr":"{ip}","time_local":"' + CLF_TIME + '","request":"GET /f.woff2 HTTP/1.1","status":"200",'
        '"http_referer":"","http_user_agent":"{ua}","host":"www.shop.fr"}}',
        '{{"remote_addr":"{ip}","time_local":"' + CLF_TIME + '","request":"GET /x HTTP/1.1","status":"502",'
        '"http_referer":"","http_user_agent":"{ua}","host":"www.shop.fr"}}',
        '{{"remote_addr":"{ip}","time_local":"' + CLF_TIME + '","request":"GET / HTTP/1.1","status":"200",'
        '"http_referer":"","http_user_agent":"{ua}","host":"blog.other.fr"}}',
        '{{"remote_addr":"{ip}","time_local":"' + CLF_TIME + '","requ'),  # a line cut in the middle
        1, {"static_asset": 1, "http_error": 1, "unknown_host": 1, "unparseable": 1}, by_host=True),
    LogCase("json", (  # Caddy's default JSON access log: nested keys
        '{{"level":"info","ts":1773133200.25,"logger":"http.log.access","msg":"handled request","request":'
        '{{"remote_ip":"{ip}","remote_port":"41342","client_ip":"{ip}","proto":"HTTP/1.1","method":"GET",'
        '"host":"www.shop.fr","uri":"/tarifs","headers":{{"User-Agent":["{ua}"]}}}},"status":200}}',
        '{{"level":"info","ts":1773133200.25,"request":{{"client_ip":"{ip}","method":"GET","host":"www.shop.fr",'
        '"uri":"/robots.txt","headers":{{"User-Agent":["{ua}"]}}}},"status":200}}',
        '{{"level":"info","ts":1773133200.25,"request":{{"client_ip":"{ip}","method":"GET","host":"www.shop.fr",'
        '"uri":"/z","headers":{{"User-Agent":["{ua}"]}}}},"status":404}}',
        "{{not json"), 1, {"not_page": 1, "http_error": 1, "unparseable": 1}, by_host=True),
    LogCase("json", (  # Traefik's JSON access log
        '{{"ClientHost":"{ip}","RequestMethod":"GET","RequestPath":"/tarifs","RequestHost":"shop.fr",'
        '"DownstreamStatus":200,"StartUTC":"2026-03-10T09:00:00.123456789Z","request_User-Agent":"{ua}"}}',
        '{{"ClientHost":"{ip}","RequestMethod":"GET","RequestPath":"/a.gif","RequestHost":"shop.fr",'
        '"DownstreamStatus":200,"StartUTC":"2026-03-10T09:00:00Z","request_User-Agent":"{ua}"}}',
        '{{"ClientHost":"{ip}","RequestMethod":"GET","RequestPath":"/b","RequestHost":"shop.fr",'
        '"DownstreamStatus":500,"StartUTC":"2026-03-10T09:00:00Z","request_User-Agent":"{ua}"}}',
        '{{"ClientHost":"{ip}"}}'), 1, {"static_asset": 1, "http_error": 1, "unparseable": 1}, by_host=True),
    LogCase("w3c", (  # IIS, its #Fields changing in the middle of the file
        "#Software: Microsoft Internet Information Services 10.0",
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
        "cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
        "2026-03-10 09:00:00 10.0.0.1 GET /tarifs a=1 443 - {ip} {ua_plus} - 200 0 0 15",
        "2026-03-10 09:00:01 10.0.0.1 GET /s.css - 443 - {ip} {ua_plus} - 200 0 0 15",
        "#Fields: date time c-ip cs-method cs-uri-stem sc-status cs(User-Agent) cs-host",
        "2026-03-10 09:00:02 {ip} GET /contact 200 {ua_plus} www.shop.fr",
        "2026-03-10 09:00:03 {ip} GET /gone 410 {ua_plus} www.shop.fr",
        "2026-03-10 09:00:04 {ip} GET / 200 {ua_plus} www.other.fr",
        "2026-03-10 broken"), 2, {"static_asset": 1, "http_error": 1, "unknown_host": 1, "unparseable": 1},
        paths=frozenset({"/tarifs", "/contact"}), by_host=False),
    LogCase("w3c", (  # Amazon CloudFront (tab-separated, URL-encoded twice)
        "#Version: 1.0",
        "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) "
        "cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header",
        "2026-03-10\t09:00:00\tCDG50\t2390\t{ip}\tGET\td1.cloudfront.net\t/tarifs\t200\t-\t{ua_cf}\t-\t-\tHit\tr1"
        "\twww.shop.fr",
        "2026-03-10\t09:00:00\tCDG50\t2390\t{ip}\tGET\td1.cloudfront.net\t/i.jpg\t200\t-\t{ua_cf}\t-\t-\tHit\tr2"
        "\twww.shop.fr",
        "2026-03-10\t09:00:00\tCDG50\t2390\t{ip}\tGET\td1.cloudfront.net\t/n\t404\t-\t{ua_cf}\t-\t-\tError\tr3"
        "\twww.shop.fr",
        "2026-03-10\t09:00:00\tCDG50\t2390\t{ip}\tGET\td1.cloudfront.net\t/\t200\t-\t{ua_cf}\t-\t-\tHit\tr4"
        "\td1.cloudfront.net",
        "garbage"), 1, {"static_asset": 1, "http_error": 1, "unknown_host": 1, "unparseable": 1}, by_host=True),
    LogCase("haproxy", (
        'Mar 10 10:00:00 lb haproxy[14389]: {ip}:33317 [10/Mar/2026:10:00:00.655] http-in static/srv1 '
        '10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET /tarifs HTTP/1.1"',
        'Mar 10 10:00:00 lb haproxy[14389]: {ip}:33317 [10/Mar/2026:10:00:00.655] http-in static/srv1 '
        '10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET /m.js HTTP/1.1"',
        'Mar 10 10:00:00 lb haproxy[14389]: {ip}:33317 [10/Mar/2026:10:00:00.655] http-in static/srv1 '
        '10/0/30/69/109 503 2750 - - ---- 1/1/1/1/0 0/0 "GET /x HTTP/1.1"',
        "garbage"), 1, {"static_asset": 1, "http_error": 1, "unparseable": 1}, browser=""),
    LogCase("alb", tuple(
        'https 2026-03-10T09:00:00.123456Z app/lb/50dc6c495c0c9188 {ip}:2817 10.0.0.1:80 0.000 0.001 0.000 '
        + status + ' ' + status + ' 34 366 "GET https://' + host + ':443' + path + ' HTTP/1.1" "{ua}" '
        'ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:tg "Root=1-58" "' + host + '" "arn:c" 0 '
        '2026-03-10T09:00:00.000000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-"'
        for status, host, path in (("200", "www.shop.fr", "/tarifs?x=1"), ("200", "www.shop.fr", "/p.png"),
                                   ("404", "www.shop.fr", "/n"), ("200", "api.other.fr", "/"))) + ("garbage",),
        1, {"static_asset": 1, "http_error": 1, "unknown_host": 1, "unparseable": 1}, by_host=True),
    LogCase("elb", tuple(
        '2026-03-10T09:00:00.945958Z my-lb {ip}:2817 10.0.0.1:80 0.000073 0.001048 0.000057 ' + status + ' '
        + status + ' 0 29 "GET http://www.shop.fr:80' + path + ' HTTP/1.1" "{ua}" - -'
        for status, path in (("200", "/tarifs"), ("200", "/c.css"), ("500", "/e"))) + ("garbage",),
        1, {"static_asset": 1, "http_error": 1, "unparseable": 1}, by_host=True),
]


def render(case: LogCase, ip: str = "203.0.113.7", ua: str = CHROME) -> str:
    """The log's text: W3C logs write the user agent with '+' for spaces (IIS) or URL-encoded twice (CloudFront)."""
    plus, cloudfront = ua.replace(" ", "+"), ua.replace(" ", "%2520")
    return "".join(line.format(ip=ip, ua=ua, ua_plus=plus, ua_cf=cloudfront) + "\n" for line in case.lines)
