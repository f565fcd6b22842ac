"""A realistic plan (a café-restaurant starting in September 2026) used across the forecast tests.

Imported as `forecast_helpers` (test directories have no __init__.py, so module names must be unique).
"""
from __future__ import annotations

import copy
from typing import Any

from forecast.model import Plan, validate

SAMPLE: dict[str, Any] = {
    "schema_version": 1,
    "project": {"name": "Café des Halles", "naf": "56.10A", "start": "2026-09", "first_closing": "2027-12-31",
                "legal_form": "sarl", "tax_regime": "is", "vat_regime": "normal_monthly", "activity": "ventes"},
    "revenue": [
        {"name": "Menus", "price": 14.5, "monthly_volume": 1500, "kind": "production", "vat_rate": 0.1,
         "seasonality": [0.8, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.2, 1.0, 1.0, 0.9, 0.8], "growth_y2": 0.08,
         "growth_y3": 0.05, "purchase_mode": "percent", "purchase_value": 0.3, "purchase_vat_rate": 0.055,
         "supplier_days": 30, "stock_days": 10},
        {"name": "Traiteur entreprises", "price": 450, "monthly_volume": 6, "kind": "services", "vat_rate": 0.2,
         "customer_days": 45, "cash_share": 0.0, "purchase_mode": "unit_cost", "purchase_value": 120,
         "supplier_days": 30},
        {"name": "Épicerie fine", "price": 9, "monthly_volume": 400, "kind": "goods", "vat_rate": 0.055,
         "purchase_mode": "percent", "purchase_value": 0.55, "purchase_vat_rate": 0.055, "supplier_days": 45,
         "stock_days": 30},
    ],
    "charges": [
        {"name": "Loyer", "amount": 2200, "vat_rate": 0.2},
        {"name": "Assurance", "amount": 1800, "period": "year", "vat_rate": 0.0},
        {"name": "Énergie", "amount": 450, "vat_rate": 0.2, "supplier_days": 30, "growth": 0.05},
        {"name": "Expert-comptable", "amount": 2400, "period": "year", "vat_rate": 0.2},
    ],
    "taxes": [{"name": "CFE", "amount": 900}],
    "staff": [
        {"position": "Cuisinier", "gross_monthly": 2300},
        {"position": "Serveur", "gross_monthly": 1850, "count": 2, "start": "2026-10"},
        {"position": "Apprenti", "gross_monthly": 1000, "employer_rate": 0.05, "start": "2027-09"},
    ],
    "manager": {"regime": "tns", "net_monthly": 1800, "start": "2027-01"},
    "investments": [
        {"name": "Cuisine professionnelle", "amount": 38000, "category": "materiel_industriel",
         "in_service": "2026-09-01", "years": 7},
        {"name": "Aménagement de la salle", "amount": 25000, "category": "agencements", "in_service": "2026-09-01"},
        {"name": "Caisse et informatique", "amount": 3500, "category": "materiel_informatique",
         "in_service": "2026-09-15"},
        {"name": "Droit au bail", "amount": 15000, "category": "fonds_commercial", "in_service": "2026-09-01",
         "vat_rate": 0.0},
        {"name": "Dépôt de garantie", "amount": 6600, "category": "depot", "in_service": "2026-09-01",
         "vat_rate": 0.0},
        {"name": "Frais de création", "amount": 2500, "category": "frais_etablissement",
         "in_service": "2026-09-01"},
        {"name": "Véhicule de livraison", "amount": 18000, "category": "vehicule", "in_service": "2027-04-15"},
    ],
    "financing": {
        "equity": [{"name": "Capital", "amount": 30000}],
        "current_accounts": [{"name": "Compte courant", "amount": 10000}],
        "loans": [
            {"name": "Prêt bancaire", "amount": 70000, "rate": 0.042, "months": 84, "deferral_months": 6,
             "insurance_rate": 0.003, "guarantee_fee": 0.01},
            {"name": "Prêt véhicule", "amount": 15000, "rate": 0.05, "months": 48, "month": "2027-04",
             "method": "constant_principal"},
        ],
        "honour_loans": [{"name": "Initiative France", "amount": 8000}],
        "subsidies": [{"name": "Aide régionale", "amount": 5000, "kind": "investissement", "month": "2026-11"}],
    },
}


def sample_dict(**changes: Any) -> dict[str, Any]:
    """A deep copy of SAMPLE; `project__vat_regime="franchise"` style keys change one nested field."""
    data = copy.deepcopy(SAMPLE)
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[last] = value
    return data


def sample_plan(**changes: Any) -> Plan:
    return validate(sample_dict(**changes))
