"""Seuil de rentabilité, marge de sécurité, point mort (reference §4.5; W4-W6)."""
from __future__ import annotations

from typing import Any

import numpy as np


def break_even(fixed_costs: float, revenue: float, variable_costs: float, *, days_in_period: int = 360) -> dict:
    """SR = charges fixes / taux de marge sur coûts variables. `days_in_period`: 360 for a year (state it:
    365 gives slightly more days), 30 × months for an exercice of another length."""
    margin = revenue - variable_costs
    rate = margin / revenue if revenue else None
    threshold = fixed_costs / rate if rate and rate > 0 else None
    out: dict[str, Any] = {"revenue": revenue, "variable_costs": variable_costs, "fixed_costs": fixed_costs,
                           "contribution_margin": margin, "contribution_rate": rate, "threshold": threshold,
                           "safety_margin": None, "safety_index": None, "days": None,
                           "operating_leverage": None}
    if threshold is not None and revenue:
        out["safety_margin"] = revenue - threshold
        out["safety_index"] = (revenue - threshold) / revenue
        out["days"] = threshold / revenue * days_in_period
        result = margin - fixed_costs
        out["operating_leverage"] = margin / result if result else None
    return out


def break_even_units(fixed_costs: float, price: float, unit_variable_cost: float) -> float | None:
    """SR in units = charges fixes / (prix − coût variable unitaire)."""
    unit_margin = price - unit_variable_cost
    return fixed_costs / unit_margin if unit_margin > 0 else None


def month_reached(monthly_revenue: np.ndarray, threshold: float | None) -> int | None:
    """Index of the first month whose cumulated revenue reaches the threshold (the seasonality counts)."""
    if threshold is None:
        return None
    reached = np.nonzero(np.cumsum(monthly_revenue) >= threshold - 0.005)[0]
    return int(reached[0]) if len(reached) else None
