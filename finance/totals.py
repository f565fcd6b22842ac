"""Totals of the liasse forms, computed from the exact line amounts (reference §2.6: round totals from
exact amounts, not by summing rounded lines)."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from finance.mapping import AMORT_CODE

ACTIF_IMMOBILISE_2050 = ("AB", "CX", "AF", "AH", "AJ", "AL", "AN", "AP", "AR", "AT", "AV", "AX", "CS", "CU",
                         "BB", "BD", "BF", "BH")
ACTIF_CIRCULANT_2050 = ("BL", "BN", "BP", "BR", "BT", "BV", "BX", "BZ", "CB", "CD", "CF", "CH")
CAPITAUX_PROPRES_2050 = ("DA", "DB", "DC", "DD", "DE", "DF", "DG", "DH", "DI", "DJ", "DK")
DETTES_2050 = ("DS", "DT", "DU", "DV", "DW", "DX", "DY", "DZ", "EA", "EB")
PRODUITS_EXPLOITATION = ("FL", "FM", "FN", "FO", "FP", "FQ")
CHARGES_EXPLOITATION = ("FS", "FT", "FU", "FV", "FW", "FX", "FY", "FZ", "GA", "GB", "GC", "GD", "GE")

ACTIF_IMMOBILISE_2033 = ("010", "014", "028", "040")
ACTIF_CIRCULANT_2033 = ("050", "060", "064", "068", "072", "080", "084", "092")
CAPITAUX_PROPRES_2033 = ("120", "124", "126", "130", "132", "134", "136", "137", "140")
DETTES_2033 = ("156", "164", "166", "172", "174")
PRODUITS_2033 = ("210", "214", "218", "222", "224", "226", "230")
CHARGES_2033 = ("234", "236", "238", "240", "242", "244", "250", "252", "254", "256", "262")


def _total(lines: dict[str, Decimal], codes: tuple[str, ...]) -> Decimal:
    return sum((lines[c] for c in codes), Decimal(0))


def _amort(lines: dict[str, Decimal], codes: tuple[str, ...]) -> Decimal:
    return sum((lines[AMORT_CODE[c]] for c in codes), Decimal(0))


def liasse_2050_totals(values: dict[str, Decimal]) -> dict[str, Decimal]:
    """Adds the totals of 2050 (actif), 2051 (passif), 2052-2053 (compte de résultat)."""
    v: dict[str, Decimal] = defaultdict(Decimal, values)
    v["FA"], v["FD"], v["FG"] = v["FC"], v["FF"], v["FI"]  # the FEC has no France/export split
    v["FL"] = v["FC"] + v["FF"] + v["FI"]
    v["FR"] = _total(v, PRODUITS_EXPLOITATION)
    v["GF"] = _total(v, CHARGES_EXPLOITATION)
    v["GG"] = v["FR"] - v["GF"]
    v["GP"] = _total(v, ("GJ", "GK", "GL", "GM", "GN", "GO"))
    v["GU"] = _total(v, ("GQ", "GR", "GS", "GT"))
    v["GV"] = v["GP"] - v["GU"]
    v["GW"] = v["GG"] + v["GH"] - v["GI"] + v["GV"]
    v["HD"] = _total(v, ("HA", "HB", "HC"))
    v["HH"] = _total(v, ("HE", "HF", "HG"))
    v["HI"] = v["HD"] - v["HH"]
    v["HL"] = v["FR"] + v["GH"] + v["GP"] + v["HD"]
    v["HM"] = v["GF"] + v["GI"] + v["GU"] + v["HH"] + v["HJ"] + v["HK"]
    v["HN"] = v["HL"] - v["HM"]
    v["BJ"], v["BK"] = _total(v, ACTIF_IMMOBILISE_2050), _amort(v, ACTIF_IMMOBILISE_2050)
    v["CJ"], v["CK"] = _total(v, ACTIF_CIRCULANT_2050), _amort(v, ACTIF_CIRCULANT_2050)
    v["CO"] = v["AA"] + v["BJ"] + v["CJ"] + v["CW"] + v["CM"] + v["CN"]
    v["1A"] = v["BK"] + v["CK"] + _amort(v, ("AA", "CW", "CM", "CN"))
    v["DL"] = _total(v, CAPITAUX_PROPRES_2050)
    v["DO"] = v["DM"] + v["DN"]
    v["DR"] = v["DP"] + v["DQ"]
    v["EC"] = _total(v, DETTES_2050)
    v["EE"] = v["DL"] + v["DO"] + v["DR"] + v["EC"] + v["ED"]
    return dict(v)


def liasse_2033_totals(values: dict[str, Decimal]) -> dict[str, Decimal]:
    """Adds the totals of 2033-A (bilan simplifié) and 2033-B (compte de résultat simplifié)."""
    v: dict[str, Decimal] = defaultdict(Decimal, values)
    v["232"] = _total(v, PRODUITS_2033)
    v["264"] = _total(v, CHARGES_2033)
    v["270"] = v["232"] - v["264"]
    v["310"] = v["270"] + v["280"] + v["290"] - v["294"] - v["300"] - v["306"]
    v["044"], v["048"] = _total(v, ACTIF_IMMOBILISE_2033), _amort(v, ACTIF_IMMOBILISE_2033)
    v["096"], v["098"] = _total(v, ACTIF_CIRCULANT_2033), _amort(v, ACTIF_CIRCULANT_2033)
    v["110"], v["112"] = v["044"] + v["096"], v["048"] + v["098"]
    v["142"] = _total(v, CAPITAUX_PROPRES_2033)
    v["176"] = _total(v, DETTES_2033)
    v["180"] = v["142"] + v["154"] + v["176"]
    return dict(v)
