"""One catalogue mechanism: every key in both languages, every key used in code exists."""
import re
from pathlib import Path

import pytest

from i18n import catalogue, format_money, format_number, normalise_lang, t

ROOT = Path(__file__).resolve().parents[3]
# t("core.x") / t('privacy.y', ...) with a literal key
_LITERAL_KEY = re.compile(r"""\bt\(\s*f?["']([a-z_]+\.[a-z0-9_.]+)["']""")


def test_every_key_has_french_and_english():
    missing = [k for k, texts in catalogue().items() if not texts.get("fr") or not texts.get("en")]
    assert not missing


def test_every_literal_key_used_in_code_exists():
    keys = catalogue()
    used = set()
    for path in ROOT.rglob("*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        for match in _LITERAL_KEY.finditer(path.read_text(encoding="utf-8")):
            if "{" not in match.group(0) and not match.group(1).endswith("."):
                used.add((match.group(1), path.relative_to(ROOT)))
    unknown = sorted(f"{k} ({p})" for k, p in used if k not in keys)
    assert not unknown, unknown


def test_placeholders_match_between_languages():
    for key, texts in catalogue().items():
        fr = set(re.findall(r"{(\w+)}", texts["fr"]))
        en = set(re.findall(r"{(\w+)}", texts["en"]))
        assert fr == en, key


@pytest.mark.parametrize("raw,expected", [("fr-FR", "fr"), ("en-US", "en"), ("de", "fr"), (None, "fr"), ("EN", "en")])
def test_language_from_browser_locale(raw, expected):
    assert normalise_lang(raw) == expected


def test_french_number_formats():
    assert format_money(1234.56, "fr") == "1\u202f234,56\xa0€"
    assert format_number(1234567, "fr") == "1\u202f234\u202f567"
    assert format_money(1234.56, "en") == "€1,234.56"


def test_unknown_key_falls_back_to_the_key_and_english_is_used():
    assert t("core.page.home", "en") == "Home"
    assert t("no.such.key", "fr") == "no.such.key"
