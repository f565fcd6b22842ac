"""User agent -> bot flag, browser, OS and device type (ua-parser + crawlerdetect rules).

Both libraries are slow per call (regex lists), so callers classify each DISTINCT user agent
once per batch; an LRU cache also keeps the common ones across batches. ua-parser's regexes are
compiled lazily (a few hundred are ever tried, not the ~1,300 of its default eager parser), and of
its device list only the "Spider" rules are run: the device family serves only to spot crawlers.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import NamedTuple

from crawlerdetect import CrawlerDetect
from ua_parser import BasicResolver, Domain, Parser, load_lazy_builtins

MAX_UA = 512
_HEADLESS = re.compile(r"headless|phantomjs|selenium|puppeteer|playwright|lighthouse|python-requests|"
                       r"curl/|wget/|go-http-client|java/|okhttp|libwww|httpclient|scrapy|feedfetcher|"
                       r"bot\b|spider|crawl|slurp|preview|monitor|uptime|validator", re.I)
_TABLET = re.compile(r"ipad|tablet|kindle|silk|playbook|(android(?!.*mobile))", re.I)
_MOBILE = re.compile(r"mobi|iphone|ipod|android|windows phone|blackberry|opera mini", re.I)
_local = threading.local()
_MATCHERS = load_lazy_builtins()
_PARSER = Parser(BasicResolver(_MATCHERS))
_DEVICE_RULES = _MATCHERS[2]
_SPIDER_AT = tuple(i for i, rule in enumerate(_DEVICE_RULES) if rule.family == "Spider")


class Agent(NamedTuple):
    is_bot: bool
    browser: str
    os: str
    device: str  # desktop | mobile | tablet | bot | unknown


def _detector() -> CrawlerDetect:
    # CrawlerDetect keeps per-call state: one instance per thread.
    det = getattr(_local, "det", None)
    if det is None:
        det = _local.det = CrawlerDetect()
    return det


def _spider_device(ua: str) -> bool:
    """ua-parser's device family is "Spider": the first device rule that matches is a Spider rule.

    Same answer as a full device parse, but only the Spider rules run (and, when a late one
    matches, the rules before it). Rules with a substituted family ("$1") cannot give "Spider"
    here: the text would contain "spider", already caught by _HEADLESS."""
    for at in _SPIDER_AT:
        if _DEVICE_RULES[at](ua):
            return not any(_DEVICE_RULES[i](ua) for i in range(at) if i not in _SPIDER_AT)
    return False


@lru_cache(maxsize=20000)
def classify(user_agent: str | None) -> Agent:
    """None = the source has no user agent at all (common log format): unknown, not a bot."""
    if user_agent is None:
        return Agent(False, "", "", "unknown")
    ua = user_agent.strip()[:MAX_UA]
    if not ua or ua == "-":
        return Agent(True, "", "", "bot")
    if _HEADLESS.search(ua) or _detector().isCrawler(ua):
        return Agent(True, "", "", "bot")
    if _spider_device(ua):
        return Agent(True, "", "", "bot")
    result = _PARSER(ua, Domain.USER_AGENT | Domain.OS)
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
