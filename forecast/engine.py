"""One calculation engine: Plan -> ForecastResult (see forecast.result for the shape)."""
from __future__ import annotations

from datetime import timedelta

from forecast.model import Plan, add_months, horizon, months_between
from forecast.result import Exercice, ForecastResult


def exercices(plan: Plan) -> list[Exercice]:
    """The first exercice (12 to 23 months to the first closing), then two exercices of 12 months."""
    start = plan.project.start
    first = months_between(start, plan.project.first_closing)
    out = []
    begin, first_month = start, 0
    for index, length in enumerate((first, 12, 12), start=1):
        end = add_months(begin, length) - timedelta(days=1)
        out.append(Exercice(index, begin.isoformat(), end.isoformat(), length, first_month,
                            first_month + length - 1))
        begin, first_month = add_months(begin, length), first_month + length
    return out


def month_labels(plan: Plan) -> list[str]:
    return [add_months(plan.project.start, m).isoformat()[:7] for m in range(horizon(plan))]


def compute(plan: Plan) -> ForecastResult:
    """Every output of the forecast. Parts not computed yet are empty (filled in by later commits)."""
    months = month_labels(plan)
    return ForecastResult(months=months, exercices=exercices(plan), financing_plan={"initial": {}, "years": []},
                          income_statement=[], cash_plan={"opening": 0.0, "rows": {}, "closing": []},
                          break_even=[], bfr=[], loans=[], depreciation=[], bilan=[], alerts=[], parameters=[])


__all__ = ["compute", "exercices", "month_labels"]
