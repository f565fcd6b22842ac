"""The ratio set of reference §3.4, defined once as data: key, family, unit, direction, thresholds, formula.

Labels, formulas and plain-language explanations are in the catalogue (finance.ratio.<key>,
finance.formula.<key>, finance.explain.<key>) so the page shows the formula next to each value.
Percentages are fractions (0.12 = 12 %); "days" use 360 days per 12 months of the exercice.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

DEFAULT_TVA_RATE = 0.20  # average TVA rate used to turn CA and purchases HT into TTC (a setting)
Values = dict[str, float]


@dataclass(frozen=True)
class Ratio:
    key: str
    family: str  # activite, rentabilite, rotation, structure, liquidite
    unit: str  # pct, days, years, x
    better: str  # "higher" or "lower"
    compute: Callable[[Values], float | None]
    warn_below: float | None = None
    warn_above: float | None = None


def _div(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


def _days(v: Values) -> float:
    return 30.0 * v.get("months", 12)  # 360 days for a 12-month exercice


def _growth(v: Values) -> float | None:
    ratio = _div(v["chiffre_affaires"], v.get("chiffre_affaires_precedent"))
    return None if ratio is None else ratio - 1


def _stock_days(v: Values, prefix: str, flow: float) -> float | None:
    average = (v[f"{prefix}_debut"] + v[prefix]) / 2
    share = _div(average, flow)
    return None if share is None or (average == 0 and flow == 0) else share * _days(v)


def _ttc(amount: float, v: Values) -> float:
    return amount * (1 + v.get("tva_rate", DEFAULT_TVA_RATE))


def _achats(v: Values) -> float:
    return v["achats_marchandises"] + v["achats_matieres"] + v["autres_achats_charges_externes"]


def _capacity(v: Values) -> float | None:
    return _div(v["dettes_financieres"], v["caf"]) if v["caf"] > 0 else None


def _dct(v: Values) -> float:
    return v["dettes_exploitation"] + v["dettes_hors_exploitation"] + v["tresorerie_passive"]


def _actif_circulant(v: Values) -> float:
    return v["stocks"] + v["creances_exploitation"] + v["creances_hors_exploitation"] + v["tresorerie_active"]


RATIOS: tuple[Ratio, ...] = (
    Ratio("croissance_ca", "activite", "pct", "higher", _growth, warn_below=-0.10),
    Ratio("taux_marge_commerciale", "activite", "pct", "higher",
          lambda v: _div(v["marge_commerciale"], v["ventes_marchandises"])),
    Ratio("taux_valeur_ajoutee", "activite", "pct", "higher",
          lambda v: _div(v["valeur_ajoutee"], v["chiffre_affaires"])),
    Ratio("taux_marge_ebe", "rentabilite", "pct", "higher", lambda v: _div(v["ebe"], v["chiffre_affaires"]),
          warn_below=0.0),
    Ratio("taux_marge_bdf", "rentabilite", "pct", "higher", lambda v: _div(v["ebe"], v["valeur_ajoutee"])),
    Ratio("part_personnel_va", "rentabilite", "pct", "lower",
          lambda v: _div(v["charges_personnel"], v["valeur_ajoutee"])),
    Ratio("part_impots_va", "rentabilite", "pct", "lower", lambda v: _div(v["impots_taxes"], v["valeur_ajoutee"])),
    Ratio("part_interets_va", "rentabilite", "pct", "lower", lambda v: _div(v["interets"], v["valeur_ajoutee"])),
    Ratio("rentabilite_economique", "rentabilite", "pct", "higher",
          lambda v: _div(v["resultat_exploitation"], v["capitaux_propres"] + v["dettes_financieres"])),
    Ratio("rentabilite_financiere", "rentabilite", "pct", "higher",
          lambda v: _div(v["resultat_net"], v["capitaux_propres"]) if v["capitaux_propres"] > 0 else None),
    Ratio("caf_sur_ca", "rentabilite", "pct", "higher", lambda v: _div(v["caf"], v["chiffre_affaires"])),
    Ratio("delai_clients", "rotation", "days", "lower",
          lambda v: _nz(_div(v["clients"], _ttc(v["chiffre_affaires"], v)), _days(v)), warn_above=60.0),
    Ratio("delai_fournisseurs", "rotation", "days", "lower",
          lambda v: _nz(_div(v["fournisseurs"], _ttc(_achats(v), v)), _days(v)), warn_above=60.0),
    Ratio("rotation_stock_marchandises", "rotation", "days", "lower",
          lambda v: _stock_days(v, "stocks_marchandises",
                                v["achats_marchandises"] + v["variation_stock_marchandises"])),
    Ratio("rotation_stock_matieres", "rotation", "days", "lower",
          lambda v: _stock_days(v, "stocks_matieres", v["achats_matieres"] + v["variation_stock_matieres"])),
    Ratio("poids_bfr_exploitation", "rotation", "days", "lower",
          lambda v: _nz(_div(v["bfr_exploitation"], v["chiffre_affaires"]), _days(v))),
    Ratio("autonomie_financiere", "structure", "pct", "higher",
          lambda v: _div(v["capitaux_propres"], v["total_bilan"]), warn_below=0.20),
    Ratio("endettement", "structure", "x", "lower",
          lambda v: _div(v["dettes_financieres"], v["capitaux_propres"]) if v["capitaux_propres"] > 0 else None,
          warn_above=1.0),
    Ratio("endettement_net", "structure", "x", "lower",
          lambda v: _div(v["dettes_financieres"] - v["tresorerie_nette"], v["capitaux_propres"])
          if v["capitaux_propres"] > 0 else None),
    Ratio("capacite_remboursement", "structure", "years", "lower", _capacity, warn_above=4.0),
    Ratio("couverture_emplois_stables", "structure", "x", "higher",
          lambda v: _div(v["ressources_stables"], v["emplois_stables"]), warn_below=1.0),
    Ratio("poids_frais_financiers", "structure", "pct", "lower",
          lambda v: _div(v["interets"], v["ebe"]) if v["ebe"] > 0 else None, warn_above=0.30),
    Ratio("couverture_interets", "structure", "x", "higher", lambda v: _div(v["ebe"], v["interets"])),
    Ratio("liquidite_generale", "liquidite", "x", "higher", lambda v: _div(_actif_circulant(v), _dct(v)),
          warn_below=1.0),
    Ratio("liquidite_reduite", "liquidite", "x", "higher",
          lambda v: _div(_actif_circulant(v) - v["stocks"], _dct(v))),
    Ratio("liquidite_immediate", "liquidite", "x", "higher", lambda v: _div(v["tresorerie_active"], _dct(v))),
)
BY_KEY = {r.key: r for r in RATIOS}


def _nz(share: float | None, days: float) -> float | None:
    return None if share is None else share * days


def ratio_inputs(*parts: dict[str, Decimal], **extra: float | None) -> Values:
    """Floats for the ratio formulas: SIG, CAF, bilan fonctionnel, postes and statements inputs merged."""
    values: Values = {}
    for part in parts:
        values.update({k: float(v) for k, v in part.items()})
    values.update({k: float(v) for k, v in extra.items() if v is not None})
    return values


def compute_ratios(values: Values) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for ratio in RATIOS:
        try:
            result = ratio.compute(values)
        except KeyError:  # an input the source does not provide (e.g. previous year)
            result = None
        out[ratio.key] = None if result is None else round(result, 6)
    return out


def flag(key: str, value: float | None) -> str:
    """'ok', 'warn' or 'n/a' against the rule-of-thumb thresholds of the reference."""
    ratio = BY_KEY[key]
    if value is None:
        return "n/a"
    if ratio.warn_below is not None and value < ratio.warn_below:
        return "warn"
    if ratio.warn_above is not None and value > ratio.warn_above:
        return "warn"
    return "ok"
