"""User agent -> bot flag, browser, OS and device type (ua-parser + crawlerdetect rules).

Both libraries are slow per call (regex lists), so callers classify each DISTINCT user agent
once per batch; an LRU cache also keeps the common ones across batches.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import NamedTuple

import ua_parser
from crawlerdetect import CrawlerDetect

MAX_UA = 512
_HEADLESS = re.compile(r"headless|phantomjs|selenium|puppeteer|playwright|lighthouse|python-requests|"
                       r"curl/|wget/|go-http-client|java/|okhttp|libwww|httpclient|scrapy|feedfetcher|"
                       r"bot\b|spider|crawl|slurp|preview|monitor|uptime|validator", re.I)
_TABLET = re.compile(r"ipad|tablet|kindle|silk|playbook|(android(?!.*mobile))", re.I)
_MOBILE = re.compile(r"mobi|iphone|ipod|android|windows phone|blackberry|opera mini", re.I)
_local = threading.local()


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
    result = ua_parser.parse(ua)
    device_family = result.device.family if result.device else ""
    if device_family == "Spider":
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
