"""Alerts in plain words (catalogue keys forecast.alert.*), from a computed forecast."""
from __future__ import annotations

from datetime import date

from forecast.model import Plan
from forecast.params import ParamTable
from forecast.result import Alert, ForecastResult


def compute_alerts(plan: Plan, result: ForecastResult, franchise_end: date | None, months: list[date],
                   table: ParamTable) -> list[Alert]:
    alerts: list[Alert] = []
    lowest = result.cash_plan["lowest"]
    if lowest["amount"] < 0:
        alerts.append(Alert("forecast.alert.negative_cash", "error",
                            {"month": lowest["month"], "amount": lowest["amount"]}))
    initial = result.financing_plan["initial"]
    if not initial["balanced"]:
        alerts.append(Alert("forecast.alert.plan_unbalanced", "error",
                            {"gap": initial["gap"], "loan": initial["proposed_loan"]}))
    minimum = table.value("practice.equity_share", months[0])
    share = initial["equity_share"]
    if share is not None and share < minimum:
        alerts.append(Alert("forecast.alert.low_equity", "warning",
                            {"share": round(100 * share, 1), "minimum": round(100 * minimum)}))
    limit = table.value("practice.annuities_to_caf", months[0])
    for e, (statement, breaks) in enumerate(zip(result.income_statement, result.break_even, strict=True), 1):
        sig = statement["sig"]
        threshold = breaks["threshold"]
        if sig["chiffre_affaires"] > 0 and (threshold is None or sig["chiffre_affaires"] < threshold):
            alerts.append(Alert("forecast.alert.below_break_even", "warning", {"exercice": e}))
        if sig["resultat_net"] < 0:
            alerts.append(Alert("forecast.alert.loss", "info", {"exercice": e, "amount": -sig["resultat_net"]}))
        ex = result.exercices[e - 1]
        annuities = -sum(result.cash_plan["rows"]["loan_payments"][ex.first_month:ex.last_month + 1])
        caf = statement["caf"]["caf"]
        if annuities > 0 and caf <= 0:
            alerts.append(Alert("forecast.alert.repayment_without_caf", "error", {"exercice": e}))
        elif annuities > 0 and annuities / caf > limit:
            alerts.append(Alert("forecast.alert.repayment_capacity", "warning",
                                {"exercice": e, "ratio": round(100 * annuities / caf), "limit": round(100 * limit)}))
    if franchise_end is not None:
        alerts.append(Alert("forecast.alert.franchise_ends", "warning", {"date": franchise_end.isoformat()[:7]}))
    regimes = result.monthly["vat_regime"]
    if "simplifie" in regimes:
        after = [m for m in range(regimes.index("simplifie"), len(regimes)) if regimes[m] != "simplifie"]
        if after and not table.value("vat.simplifie.available", months[after[0]]):
            alerts.append(Alert("forecast.alert.simplifie_ends", "info", {"date": result.months[after[0]]}))
    if plan.project.vat_regime == "simplifie" and "simplifie" not in regimes and "franchise" not in regimes:
        alerts.append(Alert("forecast.alert.simplifie_unavailable", "info", {"date": result.months[0]}))
    if "simplifie" in regimes:
        kind = "ventes" if plan.project.activity == "ventes" else "services"
        for year in sorted({d.year for d, r in zip(months, regimes, strict=True) if r == "simplifie"}):
            ceiling = table.value("vat.simplifie.ceilings", date(year, 1, 1))[kind]
            total = sum(v for v, d in zip(result.monthly["revenue"], months, strict=True) if d.year == year)
            if total > ceiling:
                alerts.append(Alert("forecast.alert.simplifie_ceiling", "warning",
                                    {"year": year, "ceiling": ceiling}))
    if plan.project.vat_regime == "normal_quarterly":
        for year in sorted({d.year for d in months}):
            vat = -sum(v for v, d in zip(result.cash_plan["rows"]["vat"], months, strict=True) if d.year == year)
            limit = table.value("vat.normal.quarterly_max_vat", date(year, 1, 1))
            if vat >= limit:
                alerts.append(Alert("forecast.alert.quarterly_not_allowed", "warning",
                                    {"year": year, "amount": round(vat, 2), "limit": limit}))
                break
    if plan.project.legal_form == "micro":
        kind = "ventes" if plan.project.activity == "ventes" else "services"
        revenue = result.monthly["revenue"]
        for year in sorted({d.year for d in months}):
            ceiling = table.value("micro.ceilings", date(year, 1, 1))[kind]
            total = sum(v for v, d in zip(revenue, months, strict=True) if d.year == year)
            if total > ceiling:
                alerts.append(Alert("forecast.alert.micro_ceiling", "warning",
                                    {"year": year, "ceiling": ceiling}))
    return alerts
