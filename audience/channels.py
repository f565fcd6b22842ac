"""Page path, UTM parameters, click ids, and the channel/source of a visit (GA4-style rules).

Order (Plausible's, simplified): paid (click id or paid utm_medium) -> email -> AI assistant ->
organic search -> social -> campaign (other utm) -> referral -> direct. Lists are short,
hand-made host suffixes (Matomo's CC0 lists are the model); unknown hosts are referrals.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import parse_qsl, urlsplit

MAX_PATH = 512
MAX_FIELD = 120
PAID_SEARCH_IDS = ("gclid", "gbraid", "wbraid", "msclkid")
PAID_SOCIAL_IDS = ("fbclid", "twclid", "ttclid", "li_fat_id")
_PAID_MEDIUM = re.compile(r"^(.*cp.*|ppc|retargeting|paid.*)$")
_EMAIL = re.compile(r"e[-_ ]?mail|newsletter")

SEARCH = {"google": "Google", "bing.com": "Bing", "duckduckgo.com": "DuckDuckGo", "qwant.com": "Qwant",
          "ecosia.org": "Ecosia", "search.yahoo.com": "Yahoo", "yahoo.com": "Yahoo", "baidu.com": "Baidu",
          "yandex": "Yandex", "search.brave.com": "Brave", "startpage.com": "Startpage",
          "lilo.org": "Lilo", "ask.com": "Ask", "naver.com": "Naver", "seznam.cz": "Seznam"}
SOCIAL = {"facebook.com": "Facebook", "fb.com": "Facebook", "instagram.com": "Instagram", "t.co": "X",
          "twitter.com": "X", "x.com": "X", "linkedin.com": "LinkedIn", "lnkd.in": "LinkedIn",
          "reddit.com": "Reddit", "youtube.com": "YouTube", "youtu.be": "YouTube", "pinterest.com": "Pinterest",
          "pinterest.fr": "Pinterest", "tiktok.com": "TikTok", "mastodon.social": "Mastodon",
          "news.ycombinator.com": "Hacker News", "github.com": "GitHub", "slack.com": "Slack",
          "discord.com": "Discord", "t.me": "Telegram", "web.telegram.org": "Telegram",
          "whatsapp.com": "WhatsApp", "bsky.app": "Bluesky", "threads.net": "Threads", "vk.com": "VK"}
AI = {"chatgpt.com": "ChatGPT", "chat.openai.com": "ChatGPT", "perplexity.ai": "Perplexity",
      "claude.ai": "Claude", "gemini.google.com": "Gemini", "copilot.microsoft.com": "Copilot",
      "chat.mistral.ai": "Le Chat", "chat.deepseek.com": "DeepSeek", "you.com": "You.com"}
EMAIL = {"mail.google.com": "Gmail", "outlook.live.com": "Outlook", "outlook.office.com": "Outlook",
         "mail.yahoo.com": "Yahoo Mail", "webmail.free.fr": "Free", "mail.orange.fr": "Orange",
         "mail.proton.me": "Proton Mail"}


class Page(NamedTuple):
    path: str
    host: str
    utm_source: str
    utm_medium: str
    utm_campaign: str
    click_id: str


class Channel(NamedTuple):
    channel: str  # direct|organic_search|paid_search|paid_social|paid_other|email|ai_assistant|social|...
    source: str


def _clip(value: str, size: int = MAX_FIELD) -> str:
    value = value[:size]
    return value if value.isprintable() else "".join(ch for ch in value if ch.isprintable())


@lru_cache(maxsize=50000)
def parse_page(url: str | None) -> Page:
    """Full URL or request target -> path without query/fragment, UTM values, first click id."""
    text = (url or "/").strip()
    if text.startswith("/") and not text.startswith("//") and text.isprintable():
        # A request target, as in access logs: urlsplit's answer without urlsplit (a third of the time;
        # no scheme, no host, nothing for urlsplit to remove).
        path, _, query = text.partition("#")[0].partition("?")
        host = ""
    else:
        parts = urlsplit(text)
        path, query, host = parts.path, parts.query, (parts.hostname or "").lower()
    path = _clip(path or "/", MAX_PATH)
    if not path.startswith("/"):
        path = "/" + path
    if "%" in query or "+" in query:
        pairs = parse_qsl(query, keep_blank_values=True)
    else:  # nothing to decode: parse_qsl's answer, a third of its time
        pairs = [part.partition("=")[::2] for part in query.split("&") if part]
    params = {k.lower(): v for k, v in pairs}
    source = params.get("utm_source") or params.get("source") or params.get("ref") or ""
    click = next((k for k in PAID_SEARCH_IDS + PAID_SOCIAL_IDS if k in params), "")
    return Page(path, host, _clip(source), _clip(params.get("utm_medium", "")), _clip(params.get("utm_campaign", "")),
                click)


@lru_cache(maxsize=50000)
def referrer_host(referrer: str | None) -> str:
    if not referrer or referrer == "-":
        return ""
    try:
        host = urlsplit(referrer.strip()).hostname or ""
    except ValueError:
        return ""
    host = _clip(host.lower(), 253)
    return host[4:] if host.startswith("www.") else host


def _lookup(host: str, table: dict[str, str]) -> str:
    for key, name in table.items():
        if host == key or host.endswith("." + key) or (key in {"google", "yandex"} and _brand(host, key)):
            return name
    return ""


def _brand(host: str, brand: str) -> bool:
    # google.fr, www.google.co.uk, yandex.ru: the brand is the label before the public suffix.
    labels = host.split(".")
    return brand in labels and labels.index(brand) >= len(labels) - 3 and not host.startswith("mail.")


@lru_cache(maxsize=50000)
def classify(ref_host: str, utm_source: str, utm_medium: str, click_id: str) -> Channel:
    """Channel and source of a visit's first page view (ref_host already '' when internal)."""
    medium = utm_medium.lower()
    src = utm_source.lower()
    named = (_lookup(ref_host, AI) or _lookup(ref_host, EMAIL) or _lookup(ref_host, SOCIAL)
             or _lookup(ref_host, SEARCH)) if ref_host else ""
    source = utm_source or named or ref_host
    if click_id in PAID_SEARCH_IDS:
        return Channel("paid_search", source or ("Microsoft" if click_id == "msclkid" else "Google"))
    if click_id in PAID_SOCIAL_IDS:
        return Channel("paid_social", source)
    search_like = bool(_lookup(ref_host, SEARCH) or _lookup(src, SEARCH) or src in {"adwords", "google_ads"})
    social_like = bool(_lookup(ref_host, SOCIAL) or _lookup(src, SOCIAL) or src in {"facebook", "linkedin"})
    if _PAID_MEDIUM.match(medium):
        if search_like:
            return Channel("paid_search", source)
        return Channel("paid_social" if social_like else "paid_other", source)
    if _EMAIL.search(medium) or _EMAIL.search(src) or _lookup(ref_host, EMAIL):
        return Channel("email", source)
    if _lookup(ref_host, AI) or _lookup(src, AI):
        return Channel("ai_assistant", source)
    if search_like:
        return Channel("organic_search", source)
    if social_like or medium == "social":
        return Channel("social", source)
    if utm_source or utm_medium:
        return Channel("campaign", source)
    if ref_host:
        return Channel("referral", source)
    return Channel("direct", "")


@lru_cache(maxsize=5000)
def language(accept_language: str | None) -> str:
    """'fr-FR,fr;q=0.9,en;q=0.8' -> 'fr' (primary subtag of the first choice)."""
    first = (accept_language or "").split(",", 1)[0].split(";", 1)[0].strip()
    code = first.split("-", 1)[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else ""
