"""User agent -> bot flag, browser, OS and device type (ua-parser + crawlerdetect rules).

Neither rule set runs in Python's re, which is slow on them and holds the GIL the log parser's
other thread needs:
- ua-parser's ~1,300 regexes run compiled, in Rust (ua-parser-rs: the same rules as its Python
  resolver, matched at once by a filtered regex set). The set is built on first use, once per process.
- crawlerdetect's ~1,500 patterns run as two alternations in RE2 (Arrow's regex kernels) over all
  the new agents of a batch at once. RE2 has no
  lookahead: the one pattern with one is spelt without it (_NOT_YANDEX_SEARCH).
Callers classify each DISTINCT user agent of a batch (`classify_all`); a cache keeps the common ones.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
from crawlerdetect.providers.crawlers import data as crawler_patterns
from crawlerdetect.providers.exclusions import data as exclusion_patterns
from ua_parser import Domain, Parser, load_builtins
from ua_parser.regex import Resolver

MAX_UA = 512
CACHE_SIZE = 20_000
_HEADLESS = re.compile(r"headless|phantomjs|selenium|puppeteer|playwright|lighthouse|python-requests|"
                       r"curl/|wget/|go-http-client|java/|okhttp|libwww|httpclient|scrapy|feedfetcher|"
                       r"bot\b|spider|crawl|slurp|preview|monitor|uptime|validator", re.I)
_TABLET = re.compile(r"ipad|tablet|kindle|silk|playbook|(android(?!.*mobile))", re.I)
_MOBILE = re.compile(r"mobi|iphone|ipod|android|windows phone|blackberry|opera mini", re.I)
# "Yandex(?!Search)": Yandex, then the end or anything but "Search" (case-insensitively, as all of them).
_NOT_YANDEX_SEARCH = "Yandex(?:$|[^s]|s(?:$|[^e]|e(?:$|[^a]|a(?:$|[^r]|r(?:$|[^c]|c(?:$|[^h]))))))"
_CRAWLERS = "(?i)(?:" + "|".join(p.replace("Yandex(?!Search)", _NOT_YANDEX_SEARCH) for p in crawler_patterns) + ")"
_EXCLUSIONS = "(?i)(?:" + "|".join(exclusion_patterns) + ")"
_parser_lock = threading.Lock()
_parser: Parser | None = None


class Agent(NamedTuple):
    is_bot: bool
    browser: str
    os: str
    device: str  # desktop | mobile | tablet | bot | unknown


_known: dict[str | None, Agent] = {}  # at most CACHE_SIZE agents

def crawlers(agents: Sequence[str]) -> list[bool]:
    """crawlerdetect's answer for each (stripped) agent: its exclusions removed, then any crawler pattern."""
    rest = pc.replace_substring_regex(pa.array(agents, pa.string()), _EXCLUSIONS, "")
    return pc.and_(pc.not_equal(rest, ""), pc.match_substring_regex(rest, _CRAWLERS)).to_pylist()


def _ua_parser() -> Parser:
    global _parser
    with _parser_lock:
        if _parser is None:
            _parser = Parser(Resolver(load_builtins()))
        return _parser


def classify_all(user_agents: Sequence[str | None]) -> list[Agent]:
    """The Agent of each user agent; None = the source has none (common log format): unknown, not a bot."""
    found = {ua: _known.get(ua) for ua in user_agents}
    new = [ua for ua, agent in found.items() if agent is None]
    if new:
        texts = [ua.strip()[:MAX_UA] if ua is not None else None for ua in new]
        tested = [t.strip() for t in texts if t and t != "-" and not _HEADLESS.search(t)]
        crawler = dict(zip(tested, crawlers(tested), strict=True)) if tested else {}
        for ua, text in zip(new, texts, strict=True):
            found[ua] = _classify(text, crawler.get(text.strip(), True) if text else True)
        if len(_known) + len(new) > CACHE_SIZE:
            _known.clear()
        _known.update((ua, found[ua]) for ua in new[:CACHE_SIZE])
    return [found[ua] for ua in user_agents]


def clear_cache() -> None:
    _known.clear()


def _classify(ua: str | None, crawler: bool) -> Agent:
    """`ua`: stripped and clipped; `crawler`: crawlerdetect's answer for it."""
    if ua is None:
        return Agent(False, "", "", "unknown")
    if not ua or ua == "-" or crawler:
        return Agent(True, "", "", "bot")
    result = _ua_parser()(ua, Domain.USER_AGENT | Domain.OS | Domain.DEVICE)
    if result.device and result.device.family == "Spider":
        return Agent(True, "", "", "bot")
    browser = result.user_agent.family if result.user_agent else "Other"
    os_name = result.os.family if result.os else "Other"
    if _TABLET.search(ua):
        device = "tablet"
    elif _MOBILE.search(ua):
        device = "mobile"
    elif os_name in {"Windows", "Mac OS X", "Linux", "Ubuntu", "Chrome OS", "macOS", "Fedora", "FreeBSD"}:
        device = "desktop"
    else:
        device = "unknown"
    return Agent(False, browser or "Other", os_name or "Other", device)
