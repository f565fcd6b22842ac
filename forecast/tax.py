"""Impôt sur les sociétés (reference §4.10): the amount of an exercice and its payment dates."""
from __future__ import annotations

from datetime import date

import numpy as np

from forecast.params import ParamTable


def corporate_tax(profit: float, months: int, opened: date, table: ParamTable, *, eligible: bool = True,
                  turnover: float = 0.0) -> float:
    """IS of one exercice: the reduced rate up to the threshold (per 12 months: prorated for another length)
    for an eligible PME under the turnover limit, the normal rate above; nothing on a loss. The rules are
    those in force when the exercice opens."""
    if profit <= 0:
        return 0.0
    normal = table.value("is.normal_rate", opened)
    limit = table.value("is.reduced_max_turnover", opened) * months / 12
    if not eligible or turnover >= limit:
        return profit * normal
    threshold = table.value("is.reduced_threshold", opened) * months / 12
    reduced = table.value("is.reduced_rate", opened)
    return min(profit, threshold) * reduced + max(0.0, profit - threshold) * normal


def solde_month(closing: date) -> tuple[int, int]:
    """(year, month) of the solde: 15 May for a 31 December closing, else the 15th of the 4th month after."""
    offset = 5 if closing.month == 12 else 4
    index = closing.year * 12 + closing.month - 1 + offset
    return index // 12, index % 12 + 1


def payments(months: list[date], exercices: list[tuple[int, int, date]], tax: list[float],
             table: ParamTable) -> np.ndarray:
    """Cash of the IS each month (− paid, + refunded). `exercices`: (first month, last month, closing).
    No acompte in the first exercice; from the second, a quarter of the previous exercice's IS brought to
    12 months on each acompte date when that IS exceeds the minimum; the solde (IS − acomptes) after the
    closing."""
    n = len(months)
    cash = np.zeros(n)
    index = {(d.year, d.month): m for m, d in enumerate(months)}
    for e, (first, last, closing) in enumerate(exercices):
        paid = 0.0
        if e > 0:
            previous_first, previous_last, _ = exercices[e - 1]
            yearly = tax[e - 1] * 12 / (previous_last - previous_first + 1)
            if yearly > table.value("is.acompte_minimum", months[first]):
                acompte_months = table.value("is.acompte_months", months[first])
                for m in range(first, last + 1):
                    if months[m].month in acompte_months:
                        cash[m] -= yearly / 4
                        paid += yearly / 4
        due = index.get(solde_month(closing))
        if due is not None:
            cash[due] -= tax[e] - paid
    return cash
