"""Every legal rate, ceiling and date the forecast uses: ONE table of dated parameters with their source.

A parameter holds from its `valid_from` day until the next row of the same key. The engine asks for the
value at the day a rule applies (the month of a sale for VAT, the opening of an exercice for IS, the month
of a pay slip for the RGDU), so a plan crossing 1 January 2027 applies each rule in its own period. Sources
are those of shared/reference/finance.md §4 (checked December 2026); the page shows them beside the figure.
A few entries are usual practice rather than law (kind "practice"): they are labelled so.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

OLD = date(2000, 1, 1)  # "for as long as this table goes back"
# Parameter family -> the figure of the result it changes
FIGURES = {"vat": "cash_plan.vat", "is": "income_statement.impot_societes", "social": "charges_sociales",
           "micro": "charges_sociales", "depreciation": "depreciation", "practice": "alerts"}


@dataclass(frozen=True)
class Parameter:
    key: str
    valid_from: date
    value: Any
    source: str
    kind: str = "law"  # "law" or "practice"
    note: str = ""

    @property
    def figure(self) -> str:
        """The output this parameter changes (where the page shows it)."""
        return FIGURES[self.key.split(".")[0]]

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "valid_from": self.valid_from.isoformat(), "value": self.value,
                "source": self.source, "kind": self.kind, "note": self.note, "figure": self.figure}


_VAT_RATES = "economie.gouv.fr/cedef (taux de TVA)"
_RSI_END = "f2p.fr, ogea.re, agakam.com (loi de finances 2026: fin du régime réel simplifié de TVA)"
_RSI = "bofip.impots.gouv.fr/bofip/4075 (BOI-TVA-DECLA-20-20-20); arrêté du 27 janvier 2026"
_FRANCHISE = "bdo-actualites.fr; legifiscal.fr 4289, 4339 (CGI art. 293 B)"
_IS = "legifiscal.fr 4306; fiscalonline.com (CGI art. 219; LF 2023 art. 37 for 42,500 €)"
_IS_CASH = "CGI art. 1668 (acomptes 15/03, 15/06, 15/09, 15/12; solde 15 du 4e mois, 15 mai pour le 31/12)"
_RGDU = "décret 2025-887 (réduction générale dégressive unique); payrhsolutions.com; secofi.fr"
_SMIC = "payrhsolutions.com; cabinet-sudec.com (SMIC 2026: 1,823.03 € brut mensuel)"
_SOCIAL = "garance.com (≈ 42 % patronal, ≈ 22 % salarial)"
_TNS = "garance.com; creer-gerer-entreprendre.fr (TNS ≈ 44-45 % du net, régularisation)"
_MICRO = "arapl.org; décret 2025-943; journaldeleconomie.fr"
_AMORT = "shared/reference/finance.md §4.8 (durées d'usage usuelles)"

PARAMETERS: tuple[Parameter, ...] = (
    # TVA
    Parameter("vat.rates", OLD, (0.20, 0.10, 0.055, 0.021), _VAT_RATES),
    Parameter("vat.simplifie.available", OLD, True, _RSI),
    Parameter("vat.simplifie.available", date(2027, 1, 1), False, _RSI_END,
              note="former RSI companies file CA3: quarterly when CA ≤ 1 M€ (N-1), else monthly"),
    Parameter("vat.simplifie.acompte_july", OLD, 0.55, _RSI),
    Parameter("vat.simplifie.acompte_december", OLD, 0.40, _RSI),
    Parameter("vat.simplifie.acompte_minimum", OLD, 1000.0, _RSI, note="no acomptes below 1,000 € of TVA N-1"),
    Parameter("vat.simplifie.ca12_month", OLD, 5, _RSI, note="CA12 by the 2nd working day after 1 May"),
    Parameter("vat.simplifie.ceilings", date(2026, 1, 1), {"ventes": 945_000.0, "services": 286_000.0}, _RSI),
    Parameter("vat.quarterly_after_rsi.max_turnover", date(2027, 1, 1), 1_000_000.0, _RSI_END),
    Parameter("vat.normal.quarterly_max_vat", OLD, 4000.0, "horizon63.cerfrance.fr (CE 17-10-2022 n° 458767)"),
    Parameter("vat.refund.minimum", OLD, 760.0, "CGI annexe II art. 242-0 C (remboursement de crédit de TVA)",
              note="a smaller credit is carried forward to the next return"),
    Parameter("vat.franchise.ceilings", date(2025, 1, 1),
              {"ventes": 85_000.0, "ventes_upper": 93_500.0, "services": 37_500.0, "services_upper": 41_250.0},
              _FRANCHISE, note="N-1 counts; passing the upper limit ends the franchise at once; prorated "
                               "in the year of creation"),
    # IS
    Parameter("is.normal_rate", OLD, 0.25, _IS),
    Parameter("is.reduced_rate", OLD, 0.15, _IS),
    Parameter("is.reduced_threshold", OLD, 38_120.0, _IS),
    Parameter("is.reduced_threshold", date(2023, 1, 1), 42_500.0, _IS,
              note="per 12 months (prorated for another exercice length); the raise to 100,000 € voted by the "
                   "Assemblée in October 2025 is unconfirmed in loi 2026-103"),
    Parameter("is.reduced_max_turnover", date(2023, 1, 1), 10_000_000.0, _IS),
    Parameter("is.acompte_minimum", OLD, 3000.0, _IS_CASH),
    Parameter("is.acompte_months", OLD, (3, 6, 9, 12), _IS_CASH),
    # Social charges
    Parameter("social.smic_monthly", date(2025, 1, 1), 1801.80, "SMIC horaire 11.88 € × 151.67 h (1 Nov 2024)"),
    Parameter("social.smic_monthly", date(2026, 1, 1), 1823.03, _SMIC),
    Parameter("social.employer_full_rate", OLD, 0.42, _SOCIAL, kind="practice",
              note="order of magnitude before the sliding reduction"),
    Parameter("social.employee_rate", OLD, 0.22, _SOCIAL, kind="practice"),
    Parameter("social.rgdu", date(2026, 1, 1), {"tmin": 0.02, "tdelta": 0.3821, "power": 1.75, "max_smic": 3.0},
              _RGDU, note="C = Tmin + Tdelta × (½ × (3 × SMIC / gross − 1))^P below 3 × SMIC; ≈ 40 % at the "
                          "SMIC, ≈ 13 % at 1.5 × SMIC"),
    Parameter("social.tns_rate", OLD, 0.45, _TNS, kind="practice", note="share of the net remuneration"),
    Parameter("social.tns_provisional_base", date(2026, 1, 1), 9131.40, "urssaf.fr: 19 % du PASS 2026 "
              "(48,060 €), base forfaitaire des deux premières années", note="to verify on urssaf.fr"),
    Parameter("social.tns_regularisation_month", OLD, 11, _TNS,
              note="year N regularised in the autumn of N+1, once the income is declared"),
    Parameter("social.acre_reduction", OLD, 0.5, "garance.com (ACRE ≈ 50 % the first year, under conditions)"),
    Parameter("social.assimile_rate", OLD, 0.80, "captaincontrat.com; 451-f.com (75-82 % du net)",
              kind="practice"),
    Parameter("micro.social_rates", date(2025, 1, 1),
              {"ventes": 0.123, "services_bic": 0.212, "bnc": 0.246, "cipav": 0.232}, _MICRO),
    Parameter("micro.social_rates", date(2026, 1, 1),
              {"ventes": 0.123, "services_bic": 0.212, "bnc": 0.256, "cipav": 0.232}, _MICRO),
    Parameter("micro.ceilings", date(2023, 1, 1), {"ventes": 188_700.0, "services": 77_700.0}, _MICRO),
    Parameter("micro.ceilings", date(2026, 1, 1), {"ventes": 203_100.0, "services": 83_600.0}, _MICRO,
              note="announced; legal basis pending in March 2026"),
    # Depreciation periods proposed per category (years; None = not depreciated)
    Parameter("depreciation.years", OLD, {
        "frais_etablissement": 5, "logiciel": 3, "materiel_informatique": 3, "mobilier": 10, "agencements": 10,
        "vehicule": 5, "materiel_industriel": 5, "construction": 25, "fonds_commercial": None, "depot": None},
        _AMORT, kind="practice"),
    # Bank practice (not law): thresholds of the alerts
    Parameter("practice.equity_share", OLD, 0.30, "davidan.org; Bpifrance (fonds propres ≈ 30 % des besoins)",
              kind="practice"),
    Parameter("practice.annuities_to_caf", OLD, 0.5, "usual bank practice: annuités ≤ 50 % de la CAF",
              kind="practice"),
)


class ParamTable:
    """The table, looked up by key and day. `with_rows` makes a variant (a test's, or a future law's)."""

    def __init__(self, rows: tuple[Parameter, ...] = PARAMETERS) -> None:
        self.rows = rows
        self._by_key: dict[str, list[Parameter]] = {}
        for row in sorted(rows, key=lambda r: r.valid_from):
            self._by_key.setdefault(row.key, []).append(row)

    def row(self, key: str, day: date) -> Parameter:
        rows = self._by_key[key]  # KeyError: a programming error (unknown parameter)
        chosen = rows[0]
        for row in rows:
            if row.valid_from <= day:
                chosen = row
        return chosen

    def value(self, key: str, day: date) -> Any:
        return self.row(key, day).value

    def with_rows(self, *extra: Parameter) -> ParamTable:
        return ParamTable(self.rows + extra)


TABLE = ParamTable()


def lookup(key: str, day: date) -> Any:
    """The value of `key` on `day` in the standard table."""
    return TABLE.value(key, day)


def rgdu_reduction(gross_monthly: float, smic_monthly: float, rgdu: dict[str, float]) -> float:
    """The 2026 sliding reduction coefficient C (share of gross pay) for a monthly gross pay."""
    if gross_monthly <= 0 or gross_monthly >= rgdu["max_smic"] * smic_monthly:
        return 0.0
    top = rgdu["max_smic"] * smic_monthly
    # at or below top / 3 (the SMIC) the bracket reaches its maximum, 1 (and no division by a tiny pay)
    ratio = 1.0 if gross_monthly <= top / 3 else 0.5 * (top / gross_monthly - 1)
    return rgdu["tmin"] + rgdu["tdelta"] * ratio ** rgdu["power"]


def employer_rate(gross_monthly: float, day: date, table: ParamTable = TABLE) -> float:
    """Default employer rate: the full rate less the RGDU reduction for this pay (before 2026: the 2026
    rule, the first row of the table)."""
    full = table.value("social.employer_full_rate", day)
    reduction = rgdu_reduction(gross_monthly, table.value("social.smic_monthly", day), table.value("social.rgdu", day))
    return max(0.0, full - reduction)


def employer_rates(gross_monthly: np.ndarray, months: list[date], table: ParamTable = TABLE) -> np.ndarray:
    """`employer_rate` for a matrix of monthly gross pay (one row per person, one column per month)."""
    full = np.array([table.value("social.employer_full_rate", d) for d in months])
    smic = np.array([table.value("social.smic_monthly", d) for d in months])
    rgdu = [table.value("social.rgdu", d) for d in months]
    tmin, tdelta, power, top = (np.array([r[k] for r in rgdu]) for k in ("tmin", "tdelta", "power", "max_smic"))
    top = top * smic
    with np.errstate(all="ignore"):  # tiny or zero pay: the where() below discards those cells
        bracket = np.where(gross_monthly <= top / 3, 1.0, 0.5 * (top / gross_monthly - 1))
        reduction = np.where((gross_monthly > 0) & (gross_monthly < top), tmin + tdelta * bracket ** power, 0.0)
    return np.maximum(0.0, full - reduction)
