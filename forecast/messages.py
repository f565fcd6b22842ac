"""Forecast messages (fr/en) from the shared catalogue (i18n/messages/forecast.json, keys `forecast.*`).

Placeholders missing from `values` stay visible instead of raising, and amounts are written the local way
(the finance package's rule), so an error path never crashes on its own message.
"""
from __future__ import annotations

import string
from decimal import Decimal
from typing import Any

from finance.messages import format_number
from i18n import DEFAULT_LANG, catalogue


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    texts = catalogue().get(key)
    if texts is None:
        return key
    template = texts.get(lang) or texts.get(DEFAULT_LANG) or key
    shown = {k: format_number(v, lang) if isinstance(v, (float, Decimal)) else v for k, v in values.items()}
    return string.Formatter().vformat(template, (), _Keep(shown))
