"""Loan tables (reference §4.7), exact to the cent.

Rounding rule (stated, and tested on the reference's example): the payment and each period's interest are
rounded to the cent (half up); the principal of a period is payment − interest; the LAST period repays the
whole remaining capital, and for a constant annuity its interest is the annuity − that capital, so every
payment is the same (20,000 € at 5 % over 4 years: last interest 268.59, not 5,371.65 × 5 % = 268.58);
at a 0 % rate the last payment is the remaining capital.

Periods are months (rate / 12, taux proportionnel) or years (`annual`). A deferral (in months, a multiple
of 12 for yearly payments) is partial (interest only) or total (nothing paid, interest added to the capital);
the remaining periods repay the loan.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

CENT = Decimal("0.01")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    period: int
    month: int  # months after the disbursement when it is paid (1, 2, ... or 12, 24, ...)
    payment: Decimal
    interest: Decimal
    principal: Decimal  # negative during a total deferral (capitalised interest)
    remaining: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period, "month": self.month, "payment": float(self.payment),
                "interest": float(self.interest), "principal": float(self.principal),
                "remaining": float(self.remaining)}


@dataclass(frozen=True)
class Schedule:
    payment: Decimal  # the annuity (constant) or the first payment after the deferral (constant principal)
    total_interest: Decimal
    periods: tuple[Period, ...]

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(month, payment, interest, principal) of every period as float arrays, for the monthly flows."""
        rows = np.array([(p.month, p.payment, p.interest, p.principal) for p in self.periods], dtype=float)
        rows = rows.reshape(len(self.periods), 4)
        return rows[:, 0].astype(int), rows[:, 1], rows[:, 2], rows[:, 3]

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON: {"payment", "total_interest", "schedule": [{period, payment, interest, principal,
        remaining}]}."""
        rows = [{k: v for k, v in p.to_dict().items() if k != "month"} for p in self.periods]
        return {"payment": float(self.payment), "total_interest": float(self.total_interest), "schedule": rows}


def annuity(capital: Decimal, rate: Decimal, periods: int) -> Decimal:
    """a = C × t / (1 − (1 + t)^−n), rounded to the cent; C / n when the rate is 0."""
    if rate == 0:
        return _cents(capital / periods)
    return _cents(capital * rate / (1 - (1 + rate) ** -periods))


def loan_table(amount: float, rate: float, months: int, *, annual: bool = False, method: str = "annuity",
               deferral_months: int = 0, deferral_kind: str = "partial") -> Schedule:
    """The schedule of one loan. `rate` is the yearly nominal rate as a fraction (0.05 for 5 %)."""
    step = 12 if annual else 1
    if months <= 0 or months % step or deferral_months % step or not 0 <= deferral_months < months:
        raise ValueError("months and deferral must be positive multiples of the period, deferral < months")
    capital = _cents(Decimal(str(amount)))
    t = Decimal(str(round(rate, 10))) / (1 if annual else 12)  # finer rates mean nothing
    deferred, total = deferral_months // step, months // step
    rows: list[Period] = []
    remaining = capital
    for k in range(1, deferred + 1):
        interest = _cents(remaining * t)
        if deferral_kind == "total":
            remaining += interest
            rows.append(Period(k, k * step, Decimal(0), interest, -interest, remaining))
        else:
            rows.append(Period(k, k * step, interest, interest, Decimal(0), remaining))
    repaying = total - deferred
    constant = annuity(remaining, t, repaying) if method == "annuity" else None
    principal_step = _cents(remaining / repaying)
    first_payment = None
    for k in range(deferred + 1, total + 1):
        interest = _cents(remaining * t)
        last = k == total
        if constant is not None:
            principal = remaining if last else constant - interest
            payment = constant
            if last and t:
                interest = constant - principal
            elif last:  # no interest to absorb the rounding: the last payment is what remains
                payment = principal
        else:
            principal = remaining if last else principal_step
            payment = principal + interest
        remaining -= principal
        first_payment = payment if first_payment is None else first_payment
        rows.append(Period(k, k * step, payment, interest, principal, remaining))
    total_interest = sum((p.interest for p in rows), Decimal(0))
    return Schedule(constant if constant is not None else first_payment or Decimal(0), total_interest, tuple(rows))
