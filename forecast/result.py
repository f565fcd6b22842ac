"""The shape of a computed forecast: what the page, the exports and the CLI read.

Every amount is a float in euros rounded to the cent; months are "YYYY-MM"; per-exercice lists have one
item per exercice (three: the first of 12 to 23 months, then two of 12). `to_dict()` is the CLI's JSON.

Keys, for labels (the page's catalogue) and exports:
* financing_plan["initial"]: needs INITIAL_NEEDS, resources INITIAL_RESOURCES, total_needs, total_resources,
  gap (needs − resources), balanced, proposed_loan, surplus, equity_share, launch_months;
  financing_plan["years"][e]: needs YEARLY_NEEDS, resources YEARLY_RESOURCES, variation_tresorerie.
* income_statement[e]: postes (finance.sig input names), sig (finance.sig.compute_sig output: chiffre_affaires,
  marge_commerciale, valeur_ajoutee, ebe, resultat_exploitation, rcai, impot_societes, resultat_net...), caf
  (compute_caf: caf_additive, caf_soustractive, caf), caf_methods_agree, iterations, is_fixed_point.
* cash_plan: opening, rows CASH_ROWS (signed: + in, − out, one value a month), receipts, payments, net,
  closing, lowest {amount, month, index}, short_term_need, shown_first (12).
* break_even[e]: revenue, variable_costs, fixed_costs, contribution_margin, contribution_rate, threshold,
  safety_margin, safety_index, days, operating_leverage, month_reached.
* bfr[e]: components [{name BFR_COMPONENTS, side emploi|ressource, te_days, cs, days}], days, amount.
* bilan[e]: actif BILAN_ACTIF, passif BILAN_PASSIF, total_actif, total_passif, balanced, difference.
* monthly: revenue, variable_costs, margin, result_before_tax, cash, vat_regime (per month).
* parameters: [{key, valid_from, value, source, kind, note, figure}] the dated rules used.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

INITIAL_NEEDS = ("frais_etablissement", "incorporels", "corporels", "depots", "stock_initial", "bfr_demarrage",
                 "tva_investissements")
INITIAL_RESOURCES = ("capital", "apports_nature", "comptes_courants", "prets_honneur", "subventions", "emprunts",
                     "tresorerie_initiale")
YEARLY_NEEDS = ("investissements", "variation_bfr", "remboursements_emprunts", "prelevements")
YEARLY_RESOURCES = ("caf", "apports", "comptes_courants", "emprunts", "subventions_investissement")
CASH_ROWS = ("sales", "opening_receivables", "equity", "current_accounts", "honour_loans", "loans", "subsidies",
             "suppliers", "opening_payables", "investments", "net_pay", "social", "taxes", "loan_payments",
             "loan_costs", "vat", "corporate_tax", "overdraft_interest")
BFR_COMPONENTS = ("stocks", "clients", "fournisseurs", "tva", "salaires", "charges_sociales")
BILAN_ACTIF = ("immobilisations_brutes", "amortissements", "immobilisations_nettes", "stocks", "clients",
               "autres_creances", "disponibilites")
BILAN_PASSIF = ("capital", "report_a_nouveau", "resultat", "subventions_investissement", "capitaux_propres",
                "emprunts", "comptes_courants", "fournisseurs", "dettes_fiscales_sociales", "autres_dettes",
                "concours_bancaires")


@dataclass(frozen=True)
class Alert:
    key: str  # catalogue key, forecast.alert.*
    severity: str  # "error" | "warning" | "info"
    values: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "fr") -> str:
        from forecast.messages import text
        return text(self.key, lang, **self.values)


@dataclass(frozen=True)
class Exercice:
    index: int  # 1, 2, 3
    start: str  # "YYYY-MM-DD"
    end: str  # closing date
    months: int
    first_month: int  # index in the monthly arrays
    last_month: int  # included


@dataclass(frozen=True)
class LoanTable:
    name: str
    amount: float
    rate: float
    months: int
    method: str
    annual: bool
    payment: float  # the constant annuity (annuity method) or the first full payment (constant principal)
    total_interest: float
    insurance: float  # total over the loan
    guarantee_fee: float
    schedule: list[dict[str, Any]]  # {"period", "month", "payment", "interest", "principal", "remaining"}


@dataclass(frozen=True)
class DepreciationTable:
    name: str
    category: str
    base: float
    years: int | None  # None: not depreciated (fonds commercial, dépôts)
    in_service: str
    by_exercice: list[float]  # dotation of each plan exercice
    schedule: list[dict[str, Any]]  # {"exercice", "end", "dotation", "cumulated", "net_value"} to the end


@dataclass(frozen=True)
class ForecastResult:
    months: list[str]
    exercices: list[Exercice]
    financing_plan: dict[str, Any]  # {"initial": {...}, "years": [{...} per exercice]}
    income_statement: list[dict[str, Any]]  # per exercice: SIG (finance.sig), IS, CAF both ways
    cash_plan: dict[str, Any]  # {"opening", "rows": {name: [per month]}, "closing": [...], "lowest": {...}}
    break_even: list[dict[str, Any]]  # per exercice
    bfr: list[dict[str, Any]]  # BFR normatif per exercice: components, days, amount
    loans: list[LoanTable]
    depreciation: list[DepreciationTable]
    bilan: list[dict[str, Any]]  # per closing: {"actif": {...}, "passif": {...}, "total_actif", "total_passif"}
    alerts: list[Alert]
    parameters: list[dict[str, Any]]  # the dated legal parameters used, with their source
    monthly: dict[str, list[float]] = field(default_factory=dict)  # HT series: revenue, margin, result...

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types only (numpy scalars become Python numbers)."""
        return _plain(asdict(self))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalar
        return value.item()
    return value
