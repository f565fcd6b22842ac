"""Monthly series from the entries: revenue (CA, accounts 70) and month-end cash balance (50-54, 58).

À-nouveaux are dated on the first day of the exercice, so the running sum of cash movements gives the
month-end balances without having to find the opening entries.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from finance.ledger import Ledger


def monthly_series(ledger: Ledger) -> dict[str, list[Any]]:
    months: list[str] = []
    revenue: list[float] = []
    cash: list[float] = []
    running = Decimal(0)
    for month, month_revenue, cash_movement in ledger.monthly():
        running += cash_movement
        months.append(month)
        revenue.append(float(month_revenue))
        cash.append(float(running))
    return {"months": months, "revenue": revenue, "cash_balance": cash}
