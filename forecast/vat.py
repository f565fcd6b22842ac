"""VAT: which regime applies each month, and when VAT is paid or refunded (reference §4.4, §4.12).

Each month gets its own regime, from the dated parameters:
* franchise en base until the ceilings are passed (upper ceiling: from that month; base ceiling over a
  calendar year: from 1 January after; both prorated in the year of creation);
* réel simplifié while it exists (until 31 December 2026): acomptes of 55 % in July and 40 % in December of
  the previous year's VAT (none below 1,000 € or in the first year), the CA12 in May of the next year, the
  VAT on investments refunded two months after the purchase on request;
* afterwards, and for the réel normal: a CA3 paid the month after each month (or calendar quarter: chosen,
  or for a former réel simplifié company with a turnover up to 1 M€); a credit is refunded the month after
  the return when it reaches the refund minimum, carried forward otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from forecast.model import Opening, Plan
from forecast.params import ParamTable

FRANCHISE, SIMPLIFIE, MONTHLY, QUARTERLY = "franchise", "simplifie", "monthly", "quarterly"


@dataclass(frozen=True)
class Regimes:
    by_month: list[str]
    franchise_end: date | None  # first month with VAT, when a franchise ends during the plan

    @property
    def applies(self) -> np.ndarray:
        return np.array([r != FRANCHISE for r in self.by_month], dtype=float)


def regimes(plan: Plan, months: list[date], revenue: np.ndarray, table: ParamTable) -> Regimes:
    chosen = plan.project.vat_regime
    franchise_until = 0
    if chosen == FRANCHISE:
        franchise_until = _franchise_months(plan, months, revenue, table)
    out = []
    for m, day in enumerate(months):
        if m < franchise_until:
            out.append(FRANCHISE)
        elif chosen.startswith("normal_"):
            out.append(QUARTERLY if chosen == "normal_quarterly" else MONTHLY)
        elif table.value("vat.simplifie.available", day):
            out.append(SIMPLIFIE)
        else:  # réel simplifié abolished: quarterly CA3 up to the turnover limit of the previous year
            previous = revenue[[i for i, d in enumerate(months) if d.year == day.year - 1]].sum()
            limit = table.value("vat.quarterly_after_rsi.max_turnover", day)
            out.append(QUARTERLY if previous <= limit else MONTHLY)
    end = months[franchise_until] if chosen == FRANCHISE and franchise_until < len(months) else None
    return Regimes(out, end)


def _franchise_months(plan: Plan, months: list[date], revenue: np.ndarray, table: ParamTable) -> int:
    """Index of the first month outside the franchise (len(months) when it holds throughout)."""
    kind = "ventes" if plan.project.activity == "ventes" else "services"
    creation = plan.opening == Opening()
    years = np.array([d.year for d in months])
    for year in sorted(set(years.tolist())):
        idx = np.nonzero(years == year)[0]
        ceilings = table.value("vat.franchise.ceilings", date(year, 1, 1))
        share = len(idx) / 12 if creation and year == months[0].year else 1.0
        cumulated = np.cumsum(revenue[idx])
        over = np.nonzero(cumulated > ceilings[f"{kind}_upper"] * share)[0]
        if len(over):
            return int(idx[over[0]])
        if cumulated[-1] > ceilings[kind] * share:
            return int(idx[-1]) + 1
    return len(months)


def payments(months: list[date], regime: Regimes, collected: np.ndarray, deductible: np.ndarray,
             on_investments: np.ndarray, table: ParamTable) -> np.ndarray:
    """Cash of the VAT each month: − paid to the State, + refunded."""
    n = len(months)
    cash = np.zeros(n)
    index = {(d.year, d.month): m for m, d in enumerate(months)}
    net = collected - deductible
    returns: list[tuple[int, float]] = []  # (month due, amount due; negative = credit)
    period_total = 0.0
    rsi_years: dict[int, float] = {}  # réel simplifié: the year's net VAT (investments refunded apart)
    rsi_reference: dict[int, float] = {}  # the same without the VAT on investments (acomptes' base)
    kinds = regime.by_month
    for m, day in enumerate(months):
        kind = kinds[m]
        if kind == FRANCHISE:
            continue
        if kind == SIMPLIFIE:
            refund_min = table.value("vat.refund.minimum", day)
            investment_vat = on_investments[m] if on_investments[m] >= refund_min else 0.0
            if investment_vat:
                _put(cash, m + 2, investment_vat)
            rsi_years[day.year] = rsi_years.get(day.year, 0.0) + net[m] + investment_vat
            rsi_reference[day.year] = rsi_reference.get(day.year, 0.0) + net[m] + on_investments[m]
            _acomptes(cash, m, day, rsi_reference, table)
            closes = m + 1 == n or kinds[m + 1] != SIMPLIFIE or day.month == 12
            if closes:
                acomptes = -cash[[i for i, d in enumerate(months) if d.year == day.year and d.month in (7, 12)
                                  and kinds[i] == SIMPLIFIE]].sum()
                may = index.get((day.year + 1, table.value("vat.simplifie.ca12_month", day)), n)
                returns.append((may, rsi_years[day.year] - acomptes))
            continue
        period_total += net[m]
        last_of_period = kind == MONTHLY or day.month % 3 == 0 or m + 1 == n or kinds[m + 1] != kind
        if last_of_period:
            returns.append((m + 1, period_total))
            period_total = 0.0
    carry = 0.0
    for due, amount in sorted(returns, key=lambda r: r[0]):
        total = amount + carry
        carry = 0.0
        if total >= 0:
            _put(cash, due, -total)
        elif -total >= table.value("vat.refund.minimum", months[min(due, n - 1)]):
            _put(cash, due + 1, -total)
        else:
            carry = total
    return cash


def _acomptes(cash: np.ndarray, m: int, day: date, reference: dict[int, float], table: ParamTable) -> None:
    """July and December acomptes of the réel simplifié, on the previous year's VAT (none the first year)."""
    if day.month not in (7, 12) or day.year - 1 not in reference:
        return
    base = reference[day.year - 1]
    if base < table.value("vat.simplifie.acompte_minimum", day):
        return
    share = table.value("vat.simplifie.acompte_july" if day.month == 7 else "vat.simplifie.acompte_december", day)
    cash[m] -= share * base


def _put(cash: np.ndarray, m: int, value: float) -> None:
    if m < len(cash):
        cash[m] += value
