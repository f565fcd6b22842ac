"""FEC header names: normalisation, aliases and the legal layouts (A47 A-1, 18/21/22 columns, Montant/Sens).

Matching follows the DGFiP checker: case-insensitive, accent-insensitive, non-alphanumerics ignored.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The 18 fields of A47 A-1 VII-1°, in their legal order.
STANDARD = (
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
    "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
    "ValidDate", "Montantdevise", "Idevise",
)
TRESORERIE = ("DateRglt", "ModeRglt", "NatOp")  # BA comptabilité de trésorerie (21 columns)
BNC = ("IdClient",)  # BNC comptabilité de trésorerie (22 columns)
MONTANT_SENS = ("Montant", "Sens")

# Columns the analysis reads (the others are checked for their field count but not converted).
USED_COLUMNS = frozenset(("JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
                          "CompAuxNum", "EcritureLib", "Debit", "Credit", "ValidDate", "Montant", "Sens"))
# Without these the file cannot be analysed at all.
REQUIRED_FOR_ANALYSIS = ("JournalCode", "EcritureNum", "EcritureDate", "CompteNum")

_ALIASES = {
    "ecriturelettrage": "EcritureLet",
    "lettrage": "EcritureLet",
    "datelettrage": "DateLet",
    "iddevise": "Idevise",
    "devise": "Idevise",
    "datevalidation": "ValidDate",
    "codeetbt": "CodeEtablissement",
}


def normalise(name: str) -> str:
    """'Crédit ' -> 'credit', 'Montant Devise' -> 'montantdevise'."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", plain.lower())


_CANONICAL = {normalise(n): n for n in STANDARD + TRESORERIE + BNC + MONTANT_SENS + ("CodeEtablissement",)}
_CANONICAL.update(_ALIASES)


@dataclass(frozen=True)
class Layout:
    """What the header says: which canonical column sits at which position."""

    names: tuple[str, ...]  # header as written (trailing empty name removed)
    positions: dict[str, int]  # canonical name -> column index
    extras: tuple[str, ...]  # columns not in the legal layouts (kept, not used)
    variant: str  # "debit_credit" or "montant_sens"
    missing: tuple[str, ...]  # legal columns absent from the header
    duplicates: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.names)

    @property
    def width(self) -> int:
        """18, 21 or 22: the legal layout the file follows."""
        if "IdClient" in self.positions:
            return 22
        if all(n in self.positions for n in TRESORERIE):
            return 21
        return 18


def read_layout(names: list[str]) -> Layout:
    positions: dict[str, int] = {}
    extras: list[str] = []
    duplicates: list[str] = []
    for index, raw in enumerate(names):
        canonical = _CANONICAL.get(normalise(raw))
        if canonical is None:
            extras.append(raw.strip())
        elif canonical in positions:
            duplicates.append(raw.strip())
        else:
            positions[canonical] = index
    variant = "montant_sens" if "Montant" in positions and "Debit" not in positions else "debit_credit"
    amounts = MONTANT_SENS if variant == "montant_sens" else ("Debit", "Credit")
    legal = [n for n in STANDARD if n not in ("Debit", "Credit")] + list(amounts)
    missing = tuple(n for n in legal if n not in positions)
    return Layout(tuple(n.strip() for n in names), positions, tuple(extras), variant, missing,
                  tuple(duplicates))


def missing_for_analysis(layout: Layout) -> list[str]:
    amounts = MONTANT_SENS if layout.variant == "montant_sens" else ("Debit", "Credit")
    return [n for n in REQUIRED_FOR_ANALYSIS + amounts if n not in layout.positions]
