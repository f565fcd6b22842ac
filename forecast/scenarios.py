"""Scenarios (pessimistic / realistic / optimistic) and the sensitivity table: plans changed by multipliers,
computed by the same engine. Pure functions."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from forecast.engine import compute
from forecast.model import Plan
from forecast.params import TABLE, ParamTable
from forecast.result import ForecastResult


@dataclass(frozen=True)
class Scenario:
    """Multipliers: volumes and prices of the revenue lines, costs (purchases, external charges, taxes, staff
    pay) and customers' payment delays."""

    name: str
    volumes: float = 1.0
    prices: float = 1.0
    costs: float = 1.0
    payment_delays: float = 1.0


SCENARIOS = (
    Scenario("pessimistic", volumes=0.85, prices=0.95, costs=1.05, payment_delays=1.5),
    Scenario("realistic"),
    Scenario("optimistic", volumes=1.15, prices=1.03, costs=0.97, payment_delays=0.8),
)


def _days(days: int, factor: float) -> int:
    return max(0, min(365, round(days * factor)))


def apply(plan: Plan, scenario: Scenario) -> Plan:
    """The plan with the scenario's multipliers. A purchase given as a share of the price keeps its cost
    per unit when the price moves (the share is divided by the price multiplier)."""
    revenue = tuple(replace(line, monthly_volume=line.monthly_volume * scenario.volumes,
                            price=line.price * scenario.prices,
                            purchase_value=line.purchase_value * scenario.costs
                            / (scenario.prices if line.purchase_mode == "percent" and scenario.prices else 1),
                            customer_days=_days(line.customer_days, scenario.payment_delays))
                    for line in plan.revenue)
    charges = tuple(replace(c, amount=c.amount * scenario.costs) for c in plan.charges)
    taxes = tuple(replace(t, amount=t.amount * scenario.costs) for t in plan.taxes)
    staff = tuple(replace(s, gross_monthly=s.gross_monthly * scenario.costs) for s in plan.staff)
    return replace(plan, revenue=revenue, charges=charges, taxes=taxes, staff=staff)


def summary(result: ForecastResult) -> dict[str, Any]:
    """The figures compared side by side."""
    return {"revenue": [s["sig"]["chiffre_affaires"] for s in result.income_statement],
            "ebe": [s["sig"]["ebe"] for s in result.income_statement],
            "net_result": [s["sig"]["resultat_net"] for s in result.income_statement],
            "caf": [s["caf"]["caf"] for s in result.income_statement],
            "cash_low": result.cash_plan["lowest"]["amount"], "cash_low_month": result.cash_plan["lowest"]["month"],
            "short_term_need": result.cash_plan["short_term_need"],
            "cash_end": result.cash_plan["closing"][-1],
            "break_even": [b["threshold"] for b in result.break_even],
            "alerts": [a.key for a in result.alerts]}


def compare(plan: Plan, scenarios: tuple[Scenario, ...] = SCENARIOS,
            params: ParamTable = TABLE) -> dict[str, dict[str, Any]]:
    """{scenario name: summary}, in the order given."""
    return {s.name: summary(compute(apply(plan, s), params)) for s in scenarios}


def _purchases(plan: Plan, factor: float) -> Plan:
    return replace(plan, revenue=tuple(replace(line, purchase_value=line.purchase_value * factor)
                                       for line in plan.revenue))


def _charges(plan: Plan, factor: float) -> Plan:
    return replace(plan, charges=tuple(replace(c, amount=c.amount * factor) for c in plan.charges))


def _staff(plan: Plan, factor: float) -> Plan:
    return replace(plan, staff=tuple(replace(s, gross_monthly=s.gross_monthly * factor) for s in plan.staff))


# Inputs of the sensitivity table: name -> the plan with only that input multiplied by a factor
SENSITIVITY_INPUTS = {
    "prices": lambda plan, f: apply(plan, Scenario("prices", prices=f)),
    "volumes": lambda plan, f: apply(plan, Scenario("volumes", volumes=f)),
    "costs": lambda plan, f: apply(plan, Scenario("costs", costs=f)),
    "payment_delays": lambda plan, f: apply(plan, Scenario("payment_delays", payment_delays=f)),
}
# The costs one by one, for a finer table
DETAILED_INPUTS = {**SENSITIVITY_INPUTS, "purchases": _purchases, "external_charges": _charges,
                   "staff_pay": _staff}


def sensitivity(plan: Plan, step: float = 0.10, params: ParamTable = TABLE,
                inputs: dict[str, Any] | None = None) -> dict[str, Any]:
    """Cash low point and year-3 net result when each input (SENSITIVITY_INPUTS by default, or
    DETAILED_INPUTS) moves by −step and +step."""
    def figures(result: ForecastResult) -> dict[str, float]:
        return {"cash_low": result.cash_plan["lowest"]["amount"],
                "result_y3": result.income_statement[-1]["sig"]["resultat_net"]}

    base = figures(compute(plan, params))
    rows = []
    for name, change in (inputs or SENSITIVITY_INPUTS).items():
        minus = figures(compute(change(plan, 1 - step), params))
        plus = figures(compute(change(plan, 1 + step), params))
        rows.append({"input": name, "minus": minus, "plus": plus,
                     "delta_minus": {k: minus[k] - base[k] for k in base},
                     "delta_plus": {k: plus[k] - base[k] for k in base}})
    return {"step": step, "base": base, "rows": rows}
