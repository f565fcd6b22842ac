"""useragent.classify_all (ua-parser's rules in Rust, crawlerdetect's in RE2) answers as the Python libraries do."""
import re

from crawlerdetect import CrawlerDetect
from ua_parser import BasicResolver, Parser, load_builtins

from audience import useragent
from tests.conftest import shared_file

EXTRA = [
    "Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/120.3.1 like Chrome/120.0 "
    "Safari/537.36",  # Kindle: the late generic crawler rule matches "silk", an earlier device rule wins
    "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
    "WordPress/6.4; https://example.org", "WhatsApp/2.23.20.0", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like "
    "Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera Mobi/23.348; U; en) Presto/2.5.25 Version/10.54",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0", "x", "Nokia6300/2.0",
    # crawlerdetect's one lookahead, Yandex(?!Search), spelt without it for RE2
    "Mozilla/5.0 (compatible; YandexBot/3.0)", "Yandex", "yandexsearch/1.0", "Mozilla YandexSearc", "YandexSEARCH x",
    "YandexSear", "Yandexsearching", "  Googlebot/2.1  ", "Mozilla/5.0 " + "x" * 600 + " Googlebot",
]


_PYTHON_PARSER = Parser(BasicResolver(load_builtins()))  # every rule tried in order, Python's re
_CRAWLER_DETECT = CrawlerDetect()  # its patterns in Python's re


def _reference(user_agent: str | None) -> useragent.Agent:
    """The classification as first written: crawlerdetect and ua-parser's pure-Python resolver."""
    if user_agent is None:
        return useragent.Agent(False, "", "", "unknown")
    ua = user_agent.strip()[:useragent.MAX_UA]
    if not ua or ua == "-":
        return useragent.Agent(True, "", "", "bot")
    if useragent._HEADLESS.search(ua) or _CRAWLER_DETECT.is_crawler(ua):
        return useragent.Agent(True, "", "", "bot")
    result = _PYTHON_PARSER.parse(ua)
    if (result.device.family if result.device else "") == "Spider":
        return useragent.Agent(True, "", "", "bot")
    browser = result.user_agent.family if result.user_agent else "Other"
    os_name = result.os.family if result.os else "Other"
    if useragent._TABLET.search(ua):
        device = "tablet"
    elif useragent._MOBILE.search(ua):
        device = "mobile"
    elif os_name in {"Windows", "Mac OS X", "Linux", "Ubuntu", "Chrome OS", "macOS", "Fedora", "FreeBSD"}:
        device = "desktop"
    else:
        device = "unknown"
    return useragent.Agent(False, browser or "Other", os_name or "Other", device)


def test_same_answers_as_a_full_parse_on_the_shipped_log_and_edge_cases():
    text = shared_file("logs", "apache_logs.log").read_text(errors="replace")
    agents = {m.group(1) for m in re.finditer(r'"([^"]*)"\s*$', text, re.M)} | set(EXTRA) | {None, "", "-"}
    assert len(agents) > 300
    useragent.clear_cache()
    agents = sorted(agents, key=repr)
    assert useragent.classify_all(agents) == [_reference(agent) for agent in agents]
    for agent in agents:  # one at a time, from the cache
        assert useragent.classify_all([agent]) == [_reference(agent)], agent


def test_the_cache_stays_bounded(monkeypatch):
    monkeypatch.setattr(useragent, "CACHE_SIZE", 3)
    useragent.clear_cache()
    agents = [f"Mozilla/5.0 agent {i}" for i in range(5)]
    assert useragent.classify_all(agents) == [useragent.classify_all([a])[0] for a in agents]
    assert len(useragent._known) <= 3
