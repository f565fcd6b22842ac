"""Starting points: a plan seeded from a saved company analysis, or a sector template for a blank start.

From an analysis (finance.analysis.YearAnalysis) the plan takes the opening balance sheet (net fixed assets,
stocks, receivables, cash, debts: the opening equity is what balances them, i.e. the capitaux propres), the
revenue split into goods and production with their purchase rates, the year's external charges, taxes and
payroll (as twelfths of a 12-month year), the payment terms implied by the closing balances, and the
seasonality of the last 12 months of revenue. The interest of existing loans is not in a FEC's balances
per loan: the debt is repaid in a straight line over `Opening.debt_months`, without interest.
"""
from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from forecast.model import Plan, add_months, validate

DEFAULT_VAT = 0.2


def _f(values: dict, key: str) -> float:
    return float(values.get(key, 0) or 0)


def seasonality(months: list[str], revenue: list[float]) -> list[float]:
    """Coefficients January..December (mean 1) from the last 12 months of a monthly revenue series; 1 for a
    calendar month that is missing, and all 1 when the series is empty or nil."""
    by_month: dict[int, float] = {}
    for label, value in list(zip(months, revenue, strict=False))[-12:]:
        by_month[int(label[5:7])] = max(0.0, float(value))
    known = [v for v in by_month.values()]
    mean = sum(known) / len(known) if known else 0.0
    if mean <= 0:
        return [1.0] * 12
    return [round(by_month[m] / mean, 4) if m in by_month else 1.0 for m in range(1, 13)]


def _days(balance: float, yearly_flow_ttc: float) -> int:
    return max(0, min(365, round(balance / yearly_flow_ttc * 360))) if yearly_flow_ttc > 0 else 0


def plan_from_analysis(year: Any, name: str, *, start: date | None = None, legal_form: str = "sas",
                       tax_regime: str = "is", vat_regime: str = "normal_monthly") -> Plan:
    """A forecast starting the month after the analysed exercice (or at `start`), for 12 + 24 months."""
    postes, functional = year.statements.postes, year.statements.functional
    scale = 12 / max(1, year.months)  # a 13-month exercice becomes a 12-month year
    end = year.period_end or year.closing_date or date.today()
    start = start or add_months(date(end.year, end.month, 1), 1)
    closing = add_months(start, 12) - timedelta(days=1)
    shape = seasonality(year.series.get("months", []), year.series.get("revenue", []))
    goods = _f(postes, "ventes_marchandises") * scale
    production = (_f(postes, "production_vendue_biens") + _f(postes, "production_vendue_services")) * scale
    goods_cost = (_f(postes, "achats_marchandises") + _f(postes, "variation_stock_marchandises")) * scale
    materials = (_f(postes, "achats_matieres") + _f(postes, "variation_stock_matieres")) * scale
    external = _f(postes, "autres_achats_charges_externes") * scale
    revenue_ttc = (goods + production) * (1 + DEFAULT_VAT)
    supplier_days = _days(_f(functional, "fournisseurs"), (goods_cost + materials + external) * (1 + DEFAULT_VAT))
    customer_days = _days(_f(functional, "clients"), revenue_ttc)
    lines = []
    for label, amount, cost, kind in (("Ventes de marchandises", goods, goods_cost, "goods"),
                                      ("Production vendue", production, materials, "services")):
        if amount > 0:
            lines.append({"name": label, "price": round(amount / 12, 2), "monthly_volume": 1, "kind": kind,
                          "seasonality": shape, "vat_rate": DEFAULT_VAT, "customer_days": customer_days,
                          "cash_share": 0.0 if customer_days else 1.0, "purchase_mode": "percent",
                          "purchase_value": round(min(1.0, max(0.0, cost / amount)), 4),
                          "supplier_days": supplier_days})
    wages, social = _f(postes, "salaires") * scale, _f(postes, "charges_sociales") * scale
    staff = [{"position": "Personnel en place", "gross_monthly": round(wages / 12, 2),
              "employer_rate": round(min(1.5, social / wages), 4)}] if wages > 0 else []
    fixed_net = _f(functional, "emplois_stables") - _f(functional, "amortissements_depreciations")
    dotations = _f(postes, "dotations_amortissements") * scale
    debts = _f(functional, "dettes_financieres")
    data = {
        "project": {"name": name, "start": start.isoformat()[:7], "first_closing": closing.isoformat(),
                    "legal_form": legal_form, "tax_regime": tax_regime, "vat_regime": vat_regime,
                    "activity": "ventes" if goods >= production else "services_bic"},
        "revenue": lines,
        "charges": [{"name": "Autres achats et charges externes", "amount": round(external / 12, 2),
                     "vat_rate": DEFAULT_VAT, "supplier_days": supplier_days}] if external > 0 else [],
        "taxes": [{"name": "Impôts et taxes", "amount": round(_f(postes, "impots_taxes") * scale, 2),
                   "first_plan_year": 1}] if _f(postes, "impots_taxes") > 0 else [],
        "staff": staff,
        "opening": {"fixed_assets": round(max(0.0, fixed_net), 2),
                    "fixed_assets_years": max(1, min(50, round(fixed_net / dotations))) if dotations > 0 else 5,
                    "stocks": round(max(0.0, _f(functional, "stocks")), 2),
                    "receivables": round(max(0.0, _f(functional, "creances_exploitation")
                                             + _f(functional, "creances_hors_exploitation")), 2),
                    "cash": round(_f(functional, "tresorerie_active") - _f(functional, "tresorerie_passive"), 2),
                    "payables": round(max(0.0, _f(functional, "dettes_exploitation")
                                          + _f(functional, "dettes_hors_exploitation")), 2),
                    "financial_debts": round(max(0.0, debts), 2)},
    }
    return validate(data)


# Sector templates for a blank start: typical orders of magnitude a creator then adjusts (not law).
_TEMPLATES: dict[str, dict[str, Any]] = {
    "restaurant": {
        "project": {"naf": "56.10A", "legal_form": "sarl", "activity": "ventes"},
        "revenue": [{"name": "Couverts", "price": 18, "monthly_volume": 1200, "kind": "production",
                     "vat_rate": 0.1, "purchase_value": 0.3, "purchase_vat_rate": 0.055, "supplier_days": 30,
                     "stock_days": 7}],
        "charges": [{"name": "Loyer", "amount": 2000}, {"name": "Énergie", "amount": 500},
                    {"name": "Assurances", "amount": 1500, "period": "year", "vat_rate": 0}],
        "staff": [{"position": "Cuisinier", "gross_monthly": 2200}, {"position": "Serveur", "gross_monthly": 1850}],
        "investments": [{"name": "Matériel de cuisine", "amount": 30000, "category": "materiel_industriel"},
                        {"name": "Aménagements", "amount": 20000, "category": "agencements"}],
    },
    "retail": {
        "project": {"naf": "47.19B", "legal_form": "sas", "activity": "ventes"},
        "revenue": [{"name": "Ventes en magasin", "price": 35, "monthly_volume": 600, "kind": "goods",
                     "purchase_value": 0.55, "supplier_days": 45, "stock_days": 60}],
        "charges": [{"name": "Loyer", "amount": 1800}, {"name": "Site et logiciels", "amount": 150}],
        "staff": [{"position": "Vendeur", "gross_monthly": 1900}],
        "investments": [{"name": "Mobilier du magasin", "amount": 15000, "category": "mobilier"},
                        {"name": "Caisse et informatique", "amount": 3000, "category": "materiel_informatique"}],
    },
    "consulting": {
        "project": {"naf": "70.22Z", "legal_form": "sasu", "activity": "services_bic"},
        "revenue": [{"name": "Journées de conseil", "price": 650, "monthly_volume": 12, "kind": "services",
                     "customer_days": 45, "cash_share": 0.0}],
        "charges": [{"name": "Expert-comptable", "amount": 1800, "period": "year"},
                    {"name": "Assurance RC pro", "amount": 900, "period": "year", "vat_rate": 0},
                    {"name": "Déplacements", "amount": 300}],
        "manager": {"regime": "assimile_salarie", "net_monthly": 2500},
        "investments": [{"name": "Ordinateur", "amount": 2000, "category": "materiel_informatique"}],
    },
    "craft": {
        "project": {"naf": "43.32A", "legal_form": "eurl", "tax_regime": "ir", "activity": "ventes"},
        "revenue": [{"name": "Chantiers", "price": 3500, "monthly_volume": 4, "kind": "production",
                     "customer_days": 30, "cash_share": 0.3, "purchase_value": 0.35, "supplier_days": 30}],
        "charges": [{"name": "Assurance décennale", "amount": 2500, "period": "year", "vat_rate": 0},
                    {"name": "Carburant", "amount": 350}],
        "manager": {"regime": "tns", "net_monthly": 2000, "acre": True},
        "investments": [{"name": "Véhicule utilitaire", "amount": 25000, "category": "vehicule"},
                        {"name": "Outillage", "amount": 6000, "category": "materiel_industriel"}],
    },
    "micro_services": {
        "project": {"naf": "62.01Z", "legal_form": "micro", "tax_regime": "ir", "vat_regime": "franchise",
                    "activity": "services_bic"},
        "revenue": [{"name": "Prestations", "price": 400, "monthly_volume": 6, "kind": "services", "vat_rate": 0}],
        "charges": [{"name": "Logiciels", "amount": 40}],
        "manager": {"regime": "micro"},
    },
}
TEMPLATES = tuple(_TEMPLATES)


def from_template(key: str, name: str, start: date) -> Plan:
    """A blank plan for a sector (`key` in TEMPLATES), starting at `start` with a 12-month first exercice;
    its investments are in service on the first day."""
    data = copy.deepcopy(_TEMPLATES[key])
    closing = add_months(date(start.year, start.month, 1), 12) - timedelta(days=1)
    data["project"].update(name=name, start=start.isoformat()[:7], first_closing=closing.isoformat())
    for inv in data.get("investments", []):
        inv.setdefault("in_service", date(start.year, start.month, 1).isoformat())
    return validate(data)
