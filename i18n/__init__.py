"""One message catalogue mechanism and the locale-aware formatting helpers.

Catalogues are `i18n/messages/<area>.json`: {"area.key": {"fr": "...", "en": "..."}}.
French is the default; a key missing in a language falls back to French, then to the key itself
(a test makes sure neither happens in practice).
"""
from __future__ import annotations

import json
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as _babel_percent

LANGUAGES = ("fr", "en")
DEFAULT_LANG = "fr"
MESSAGE_DIR = Path(__file__).resolve().parent / "messages"
_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(MESSAGE_DIR.glob("*.json")):
        for key, texts in json.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"message key {key} defined twice ({path.name})")
            merged[key] = texts
    return merged


def normalise_lang(value: str | None) -> str:
    """'en-US' -> 'en'; anything unknown -> French."""
    code = (value or "").split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, /, **values: object) -> str:
    texts = catalogue().get(key)
    if texts is None:
        return key
    text = texts.get(lang) or texts.get(DEFAULT_LANG) or key
    return text.format(**values) if values else text


def format_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_LOCALES[normalise_lang(lang)])


def format_money(value: float | int | None, lang: str, decimals: int = 2, currency: str = "EUR") -> str:
    """1 234,56 € in French, €1,234.56 in English."""
    if value is None:
        return "–"
    pattern = None if decimals == 2 else ("#,##0 ¤" if normalise_lang(lang) == "fr" else "¤#,##0")
    return format_currency(value, currency, format=pattern, locale=_LOCALES[normalise_lang(lang)],
                           currency_digits=decimals == 2)


def format_percent(value: float | None, lang: str, decimals: int = 1) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + " %"
    return _babel_percent(value, format=pattern, locale=_LOCALES[normalise_lang(lang)])


def format_day(value: date | None, lang: str) -> str:
    """A day in digits as the language writes it: 31/12/2018 (fr and en_GB)."""
    if value is None:
        return "–"
    return _babel_date(value, format="short", locale=_LOCALES[normalise_lang(lang)])


def format_date(value: date | datetime | None, lang: str, with_time: bool = False) -> str:
    if value is None:
        return "–"
    locale = _LOCALES[normalise_lang(lang)]
    if with_time and isinstance(value, datetime):
        return _babel_datetime(value, format="short", locale=locale)
    return _babel_date(value, format="medium", locale=locale)
