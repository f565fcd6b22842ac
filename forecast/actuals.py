"""Actual vs forecast: a later FEC's analysis (finance.analysis.YearAnalysis) against the plan, month by
month for revenue and cash (the FEC's monthly series), over the months both cover for the margin (the SIG),
with the gap explained in plain words (catalogue keys forecast.actual.*).

Margin = revenue − goods and materials consumed. Its gap splits exactly into a volume effect (the revenue
gap at the planned margin rate) and a rate effect (the change of rate on the actual revenue).
"""
from __future__ import annotations

from typing import Any

from forecast.result import Alert, ForecastResult


def actual_margin(year: Any) -> tuple[float, float]:
    """(revenue, margin) of an analysed exercice: CA − coût d'achat des marchandises vendues − matières."""
    p = year.statements.postes
    revenue = float(year.sig["chiffre_affaires"])
    consumed = float(year.sig["cout_achat_marchandises_vendues"]) + float(p.get("achats_matieres", 0)) \
        + float(p.get("variation_stock_matieres", 0))
    return revenue, revenue - consumed


def compare(result: ForecastResult, year: Any, threshold: float = 0.05) -> dict[str, Any]:
    """Month-by-month revenue and cash against the plan for the months the FEC and the plan share; margin
    over those months; explanations. `threshold`: a revenue gap under 5 % is "on plan"."""
    plan_index = {m: i for i, m in enumerate(result.months)}
    series = year.series or {}
    rows = []
    for month, revenue, cash in zip(series.get("months", []), series.get("revenue", []),
                                    series.get("cash_balance", []), strict=False):
        i = plan_index.get(month)
        if i is None:
            continue
        planned, planned_cash = result.monthly["revenue"][i], result.cash_plan["closing"][i]
        rows.append({"month": month, "revenue": revenue, "revenue_plan": planned, "revenue_gap": revenue - planned,
                     "revenue_gap_pct": (revenue - planned) / planned if planned else None,
                     "cash": cash, "cash_plan": planned_cash, "cash_gap": cash - planned_cash})
    out: dict[str, Any] = {"months": rows, "explanations": []}
    if not rows:
        out["explanations"].append(Alert("forecast.actual.no_common_month", "info", {}))
        return out
    covered = [plan_index[r["month"]] for r in rows]
    revenue_plan = sum(result.monthly["revenue"][i] for i in covered)
    margin_plan = sum(result.monthly["margin"][i] for i in covered)
    revenue_actual, margin_actual = actual_margin(year)
    if len(rows) < len(series.get("months", [])):  # the FEC goes beyond the plan: prorate its margin
        margin_actual *= sum(r["revenue"] for r in rows) / revenue_actual if revenue_actual else 0.0
        revenue_actual = sum(r["revenue"] for r in rows)
    rate_plan = margin_plan / revenue_plan if revenue_plan else 0.0
    rate_actual = margin_actual / revenue_actual if revenue_actual else 0.0
    volume_effect = (revenue_actual - revenue_plan) * rate_plan
    rate_effect = (rate_actual - rate_plan) * revenue_actual
    out["margin"] = {"revenue": revenue_actual, "revenue_plan": revenue_plan, "margin": margin_actual,
                     "margin_plan": margin_plan, "rate": rate_actual, "rate_plan": rate_plan,
                     "volume_effect": volume_effect, "rate_effect": rate_effect,
                     "gap": margin_actual - margin_plan}
    out["explanations"] = _explain(rows, out["margin"], threshold)
    return out


def _explain(rows: list[dict[str, Any]], margin: dict[str, float], threshold: float) -> list[Alert]:
    notes = []
    gap = margin["revenue"] - margin["revenue_plan"]
    share = gap / margin["revenue_plan"] if margin["revenue_plan"] else 0.0
    if abs(share) < threshold:
        notes.append(Alert("forecast.actual.revenue_on_plan", "info", {"pct": round(100 * share, 1)}))
    else:
        worst = min(rows, key=lambda r: r["revenue_gap"]) if gap < 0 else max(rows, key=lambda r: r["revenue_gap"])
        key = "forecast.actual.revenue_behind" if gap < 0 else "forecast.actual.revenue_ahead"
        notes.append(Alert(key, "warning" if gap < 0 else "info",
                           {"amount": round(abs(gap), 2), "pct": round(100 * abs(share), 1),
                            "month": worst["month"]}))
    if abs(margin["rate_effect"]) >= 0.5:
        notes.append(Alert("forecast.actual.margin_rate", "warning" if margin["rate_effect"] < 0 else "info",
                           {"actual": round(100 * margin["rate"], 1), "plan": round(100 * margin["rate_plan"], 1),
                            "amount": round(margin["rate_effect"], 2)}))
    last = rows[-1]
    notes.append(Alert("forecast.actual.cash_gap", "warning" if last["cash_gap"] < 0 else "info",
                       {"month": last["month"], "amount": round(last["cash_gap"], 2),
                        "revenue_part": round(sum(r["revenue_gap"] for r in rows), 2)}))
    return notes
