"""Account balances -> compte de résultat postes, liasse lines (2050-2053 and 2033) and the inputs of the
bilan fonctionnel. Manual 2033 entry produces the same `Statements` (see manual.py), so everything
downstream (SIG, CAF, ratios, alerts) has one code path.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from finance.ledger import CASH_PREFIXES, Balance
from finance.mapping import AMORT_CODE, bs_rule, is_third_party, pl_postes, pl_rule
from finance.totals import liasse_2033_totals, liasse_2050_totals

ZERO = Decimal(0)
# BFR d'exploitation: stocks, suppliers and customers, staff, social security, TVA and other operating
# taxes, prepaid/deferred items. Everything else in 40-47 (dettes sur immobilisations, IS, associés,
# divers) is hors exploitation.
_OPERATING = ("40", "41", "42", "43", "442", "445", "447", "448", "486", "487")
_NON_OPERATING = ("404", "405", "4084")
# Groups of the functional balance sheet (reference §3.3); any other class 1-5 balance is unclassified.
_GROUPS = ("10", "11", "12", "13", "14", "15", "16", "17", "20", "21", "22", "23", "24", "25", "26", "27",
           "28", "29", "3", "40", "41", "42", "43", "44", "45", "46", "47", "481", "486", "487", "49")
_GROUPS += CASH_PREFIXES + ("59",)


@dataclass
class Statements:
    source: str  # "fec" or "manual"
    postes: dict[str, Decimal]  # compte de résultat postes, produits and charges positive
    functional: dict[str, Decimal]  # inputs of the bilan fonctionnel and of the ratios
    liasse_2050: dict[str, Decimal] = field(default_factory=dict)  # empty for manual entry
    liasse_2033: dict[str, Decimal] = field(default_factory=dict)
    result_6_7: Decimal | None = None  # -(Σ6 + Σ7): the résultat the FEC implies (FEC only)
    unclassified: list[tuple[str, Decimal]] = field(default_factory=list)


def _sum(soldes: dict[str, Decimal], prefixes: tuple[str, ...], exclude: tuple[str, ...] = ()) -> Decimal:
    return sum((s for a, s in soldes.items() if a.startswith(prefixes) and not a.startswith(exclude)), ZERO)


def _units(balances: list[Balance]) -> dict[tuple[str, str], Decimal]:
    """Balances per auxiliary account for 40-47 (when filled), per account elsewhere (reference §2.2)."""
    units: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for b in balances:
        units[(b.account, b.aux if is_third_party(b.account) else "")] += b.solde
    return units


def _apply(lines: dict[str, Decimal], spec: str, solde: Decimal, customer_credit: str) -> None:
    kind, target = spec.replace("CC", customer_credit).split(":")
    if kind == "A":
        lines[target] += solde
    elif kind == "D":
        lines[AMORT_CODE[target]] -= solde
    elif kind == "P":
        lines[target] -= solde
    else:  # S: debit balance -> actif line, credit balance -> passif line
        debit_line, credit_line = target.split("/")
        if solde > 0:
            lines[debit_line] += solde
        elif solde < 0:
            lines[credit_line] -= solde


# Customers in credit (the "CC" target of mapping.py): "EA" autres dettes by default, or "DW" avances reçues.
CUSTOMER_CREDIT_LINES = {"EA": ("EA", "172"), "DW": ("DW", "164")}


def from_balances(balances: list[Balance], customer_credit: str = "EA") -> Statements:
    """`customer_credit` ("EA" or "DW") chooses the liasse line of customer accounts in credit (reference §2.2);
    it moves a presentation line only, not the BFR."""
    line_2050, line_2033 = CUSTOMER_CREDIT_LINES[customer_credit]
    soldes: dict[str, Decimal] = defaultdict(Decimal)
    for b in balances:
        soldes[b.account] += b.solde
    postes = {rule.poste: ZERO for rule in pl_postes()}
    l2050: dict[str, Decimal] = defaultdict(Decimal)
    l2033: dict[str, Decimal] = defaultdict(Decimal)
    for account, solde in soldes.items():
        rule = pl_rule(account)
        if rule is not None:
            value = -solde if rule.produit else solde
            postes[rule.poste] += value
            l2050[rule.code_2052] += value
            l2033[rule.code_2033] += value
    units = _units(balances)
    for (account, _aux), solde in units.items():
        rule = bs_rule(account)
        if rule is not None:
            _apply(l2050, rule.spec_2050, solde, line_2050)
            _apply(l2033, rule.spec_2033, solde, line_2033)
    result = -_sum(soldes, ("6", "7"))
    l2050["DI"] += result  # résultat not yet allocated to account 12 (closing entries are not in a FEC)
    l2033["136"] += result
    functional, unclassified = _functional(soldes, units, result)
    lines_2050 = liasse_2050_totals(l2050)
    functional["total_bilan"] = lines_2050["CO"] - lines_2050["1A"]
    functional["clients"] = lines_2050["BX"]
    functional["fournisseurs"] = lines_2050["DX"]
    return Statements("fec", postes, functional, lines_2050, liasse_2033_totals(l2033), result, unclassified)


def _functional(soldes: dict[str, Decimal], units: dict[tuple[str, str], Decimal], result: Decimal,
                ) -> tuple[dict[str, Decimal], list[tuple[str, Decimal]]]:
    f: dict[str, Decimal] = defaultdict(Decimal)
    f["capitaux_propres"] = -_sum(soldes, ("10", "11", "12", "13", "14")) + result
    f["resultat_non_affecte"] = -_sum(soldes, ("12",))
    f["capital_social"] = -_sum(soldes, ("101",))
    f["amortissements_depreciations"] = -_sum(soldes, ("28", "29", "39", "49", "59"))
    f["provisions"] = -_sum(soldes, ("15",))
    f["dettes_financieres"] = -_sum(soldes, ("16", "17"), ("1688",))
    f["emplois_stables"] = _sum(soldes, ("20", "21", "22", "23", "24", "25", "26", "27", "481"))
    f["stocks"] = _sum(soldes, ("3",), ("39",))
    f["stocks_marchandises"] = _sum(soldes, ("37",))
    f["stocks_marchandises_debut"] = f["stocks_marchandises"] + _sum(soldes, ("6037",))
    f["stocks_matieres"] = _sum(soldes, ("31", "32"))
    f["stocks_matieres_debut"] = f["stocks_matieres"] + _sum(soldes, ("6031", "6032"))
    for account, solde in soldes.items():
        if account.startswith(CASH_PREFIXES):  # 5x classified per account by the sign of its balance
            f["tresorerie_active" if solde > 0 else "tresorerie_passive"] += abs(solde)
    unclassified: list[tuple[str, Decimal]] = []
    for (account, _aux), solde in units.items():
        if is_third_party(account) or account.startswith(("486", "487", "1688")):
            operating = account.startswith(_OPERATING) and not account.startswith(_NON_OPERATING)
        elif account[:1] in ("1", "2", "3", "4", "5") and not account.startswith(_GROUPS):
            operating = False  # 18 liaison, 488, 19..., kept so that FRNG - BFR = TN still holds
            if solde:
                unclassified.append((account, solde))
        else:
            continue
        suffix = "exploitation" if operating else "hors_exploitation"
        f[("creances_" if solde > 0 else "dettes_") + suffix] += abs(solde)
    return f, unclassified
