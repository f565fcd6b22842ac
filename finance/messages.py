"""Finance message catalogue (fr/en), read from i18n/messages/finance.json.

Kept independent of the shared i18n module so the finance package and its CLI work on their own; the JSON
shape is the shared one ({"finance.key": {"fr": ..., "en": ...}}), so the lead can route it through i18n.
"""
from __future__ import annotations

import json
import string
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

CATALOGUE_PATH = Path(__file__).resolve().parents[1] / "i18n" / "messages" / "finance.json"
LANGS = ("fr", "en")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    return json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))


class _Keep(dict):
    """Leaves unknown placeholders visible instead of raising: a message must never crash an error path."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def format_number(value: float | Decimal, lang: str) -> str:
    """1234.5 -> '1 234,50' (fr) / '1,234.50' (en); whole numbers without decimals."""
    raw = f"{value:,.2f}"
    if raw.endswith(".00"):
        raw = raw[:-3]
    return raw.replace(",", "\u202f").replace(".", ",") if lang == "fr" else raw


def text(key: str, lang: str = "fr", **values: Any) -> str:
    """Message for `key` in `lang` (falls back to French, then to the key itself). Amounts (float, Decimal)
    are written the local way; counts and line numbers (int) as they are."""
    texts = catalogue().get(key)
    if texts is None:
        return key
    template = texts.get(lang) or texts.get("fr") or key
    if not values:
        return template
    shown = {k: format_number(v, lang) if isinstance(v, (float, Decimal)) else v for k, v in values.items()}
    return string.Formatter().vformat(template, (), _Keep(shown))


def has(key: str) -> bool:
    return key in catalogue()
