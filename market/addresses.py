"""Finding an address in the imported national address file (BAN), for a radius "around an address".

What the user types ("12 rue de la République, 69002 Lyon", "12 Rue de la Republique lyon", "rue de la
république 69002") is split into a number, a street and a commune (a postcode, a name, or both); case,
accents and punctuation are folded the way the import folded the file (stage_ban.sql), and the streets
of that commune are ranked by similarity to the one typed (DuckDB's Jaro-Winkler), so a missing accent
or a small typo still finds it. Without a number, the street's median position is the centre.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from market import store
from market.errors import MarketError

MAX_MATCHES = 5
_POSTCODE = re.compile(r"\b(\d{5})\b")
# The usual abbreviations of a street's kind, as people type them ("12 r. de la République", "bd ...").
KINDS = {"r": "rue", "av": "avenue", "ave": "avenue", "bd": "boulevard", "bld": "boulevard", "pl": "place",
         "ch": "chemin", "che": "chemin", "imp": "impasse", "all": "allee", "rte": "route", "sq": "square",
         "crs": "cours", "fg": "faubourg", "qu": "quai"}
# A leading number, with its repetition index if any ("12 bis", "12B"; a letter after a space is a street kind).
_NUMBER = re.compile(r"^\s*(\d{1,5})(?:\s*(bis|ter|quater)\b|([a-z])\b)?[\s,]*", re.IGNORECASE)


@dataclass(frozen=True)
class Address:
    number: int | None
    rep: str | None
    street: str
    postcode: str
    commune: str            # code_insee
    commune_name: str
    lat: float
    lon: float

    @property
    def label(self) -> str:
        """'12 bis Rue de la République, 69002 Lyon 2e Arrondissement': also what the search reads back."""
        head = " ".join(str(p) for p in (self.number, self.rep) if p)
        return f"{head} {self.street}".strip() + f", {self.postcode} {self.commune_name}"


@dataclass(frozen=True)
class Query:
    number: int | None
    rep: str                 # repetition index, lower case ("" for none)
    street: str              # folded
    postcode: str
    commune: str             # folded


def fold(text: str) -> str:
    """Lower case, no accents, every run of other characters one space (as stage_ban.sql folds the file)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


def parse(text: str) -> Query:
    """Number, street and commune of a typed address; MarketError if there is no street or commune."""
    text = (text or "").strip()
    number, rep = None, ""
    if found := _NUMBER.match(text):
        number, rep, text = int(found.group(1)), (found.group(2) or found.group(3) or "").lower(), text[found.end():]
    postcode = ""
    if found := _POSTCODE.search(text):
        postcode = found.group(1)
        street, commune = text[:found.start()], text[found.end():]
    elif "," in text:
        street, commune = text.rsplit(",", 1)
    else:
        street, commune = text, ""
    kind, _, rest = fold(street).partition(" ")
    query = Query(number, rep, f"{KINDS.get(kind, kind)} {rest}".strip(), postcode, fold(commune))
    if not query.street or not (query.postcode or query.commune):
        raise MarketError("market.error.address_incomplete")
    return query


def search(text: str, limit: int = MAX_MATCHES) -> list[Address]:
    """The best matches for a typed address, best first; MarketError when no BAN was imported, the
    address is incomplete, or nothing matches."""
    if "ban" not in store.datasets():
        raise MarketError("market.error.no_ban")
    query = parse(text)
    where = [query.street, query.postcode, query.commune, query.commune]
    if query.number is None:
        rows = store.rows("address_search_street", [*where, limit])
    else:
        rows = store.rows("address_search", [*where, query.number, query.rep, limit])
    if not rows:
        raise MarketError("market.error.address_not_found", address=text.strip())
    return [Address(r[0], r[1], r[2], r[3] or "", r[4], r[5], float(r[6]), float(r[7])) for r in rows]


def locate(text: str) -> Address:
    """The best match: the centre of a radius "around an address"."""
    return search(text, 1)[0]
