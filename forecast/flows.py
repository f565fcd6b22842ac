"""The plan month by month: every accrual (P&L, HT) and every cash movement (TTC) as numpy arrays.

Arrays have one value per month of the plan (index 0 = the start month). What depends on the result
(overdraft interest, IS) is added by the engine; VAT payments by forecast.vat. Each accrual has its cash
counterpart here, so the balance sheet built from the cumulated differences balances by construction.

Payment terms: d days = k whole months and a fraction r = (d mod 30) / 30; a share (1 − r) of the amount is
paid k months later and r one month after that (45 days: half after one month, half after two).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

import numpy as np

from forecast.depreciation import days360
from forecast.loans import loan_table
from forecast.model import Investment, Plan, RevenueLine, add_months, horizon, months_between
from forecast.params import ParamTable, employer_rates

LAUNCH_MONTHS = 3  # investments and resources of the first 3 months make the initial financing plan


def shift(values: np.ndarray, months: int) -> np.ndarray:
    """`values` moved `months` later; what falls beyond the plan is dropped (it stays owed in the bilan)."""
    if months <= 0:
        return values.copy()
    out = np.zeros_like(values)
    if months < len(values):
        out[months:] = values[:-months]
    return out


def increments(values: np.ndarray) -> np.ndarray:
    """Month-on-month change along the last axis, from 0 before the first month (cumulated -> monthly)."""
    out = values.copy()
    out[..., 1:] -= values[..., :-1]
    return out


def delayed(values: np.ndarray, term_days: float) -> np.ndarray:
    """Cash of `values` paid `term_days` later (see the module docstring)."""
    whole = int(term_days // 30)
    part = (term_days - 30 * whole) / 30
    return shift(values, whole) * (1 - part) + shift(values, whole + 1) * part


def month_index(plan: Plan, month: date | None) -> int:
    return 0 if month is None else months_between(plan.project.start, month) - 1


@dataclass
class Flows:
    """Named monthly arrays. `pl_*` are P&L amounts HT, `cash_*` cash movements (+ in, − out), `vat_*` the
    VAT collected / deductible (before knowing whether it is paid), `bs_*` balance-sheet totals."""

    months: list[date]
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    lines: dict[str, list[dict]] = field(default_factory=dict)  # per-line detail (loans, depreciation, ...)

    def add(self, name: str, values: np.ndarray) -> None:
        if name in self.arrays:
            self.arrays[name] = self.arrays[name] + values
        else:
            self.arrays[name] = np.asarray(values, dtype=float).copy()

    def get(self, name: str) -> np.ndarray:
        return self.arrays.get(name, np.zeros(len(self.months)))


def calendar(plan: Plan) -> tuple[list[date], np.ndarray, np.ndarray]:
    """Month dates, calendar month numbers (1-12) and plan years (0, 1, 2, capped at 2)."""
    n = horizon(plan)
    months = [add_months(plan.project.start, m) for m in range(n)]
    calendar_month = np.array([d.month for d in months])
    plan_year = np.minimum(np.arange(n) // 12, 2)
    return months, calendar_month, plan_year


def build(plan: Plan, table: ParamTable, vat_applies: np.ndarray) -> Flows:
    """Every flow that does not depend on the result. `vat_applies[m]` is 1 when VAT is charged and
    recovered in month m (0 under the franchise: VAT on costs is then a cost)."""
    months, calendar_month, plan_year = calendar(plan)
    flows = Flows(months)
    n = len(months)
    _revenue(plan, flows, calendar_month, plan_year, vat_applies)
    _charges(plan, flows, plan_year, vat_applies)
    _taxes(plan, flows, calendar_month, plan_year)
    _staff(plan, flows, plan_year, table)
    _investments(plan, flows, vat_applies, table)
    _financing(plan, flows)
    _opening(plan, flows)
    for name in ("pl_revenue", "pl_purchases", "pl_external", "pl_taxes", "pl_wages", "pl_social",
                 "pl_depreciation", "pl_interest", "pl_subsidies"):
        flows.arrays.setdefault(name, np.zeros(n))
    return flows


def shift_rows(values: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Each row of `values` moved its own number of `months` later (what falls beyond the plan is dropped)."""
    index = np.arange(values.shape[1])[None, :] - months[:, None]
    return np.take_along_axis(values, np.clip(index, 0, None), axis=1) * (index >= 0)


def delayed_rows(values: np.ndarray, term_days: np.ndarray) -> np.ndarray:
    """`delayed` for every row at once, each with its own term."""
    whole = (term_days // 30).astype(int)
    part = ((term_days - 30 * whole) / 30)[:, None]
    return shift_rows(values, whole) * (1 - part) + shift_rows(values, whole + 1) * part


def _column(items: tuple, name: str) -> np.ndarray:
    return np.array([getattr(item, name) for item in items], dtype=float)


def volumes(lines: tuple[RevenueLine, ...], calendar_month: np.ndarray, plan_year: np.ndarray) -> np.ndarray:
    """Units sold, one row per line: the monthly volume × the calendar month's coefficient × the growth."""
    season = np.array([line.seasonality for line in lines], dtype=float).reshape(len(lines), 12)
    growth = np.array([[1.0, 1 + line.growth_y2, (1 + line.growth_y2) * (1 + line.growth_y3)] for line in lines])
    growth = growth.reshape(len(lines), 3)
    return _column(lines, "monthly_volume")[:, None] * season[:, calendar_month - 1] * growth[:, plan_year]


def revenue_ht(plan: Plan) -> np.ndarray:
    """Monthly turnover HT (what the VAT franchise ceilings are measured on)."""
    _, calendar_month, plan_year = calendar(plan)
    return (_column(plan.revenue, "price")[:, None] * volumes(plan.revenue, calendar_month, plan_year)).sum(axis=0)


def _revenue(plan: Plan, flows: Flows, calendar_month: np.ndarray, plan_year: np.ndarray,
             vat_applies: np.ndarray) -> None:
    """All revenue lines at once, one row per line."""
    lines = plan.revenue
    if not lines:
        return
    col = partial(_column, lines)
    volume = volumes(lines, calendar_month, plan_year)
    sales = col("price")[:, None] * volume
    percent = np.array([line.purchase_mode == "percent" for line in lines])[:, None]
    consumed = np.where(percent, sales, volume) * col("purchase_value")[:, None]
    stock = consumed * (col("stock_days") / 30)[:, None]  # stock held at each month end
    bought = consumed + increments(stock)  # the first month buys the initial stock
    sales_vat = sales * col("vat_rate")[:, None] * vat_applies
    sales_ttc = sales + sales_vat
    cash_share = col("cash_share")[:, None]
    receipts = cash_share * sales_ttc + (1 - cash_share) * delayed_rows(sales_ttc, col("customer_days"))
    purchase_vat = bought * col("purchase_vat_rate")[:, None]
    supplier_ttc = bought + purchase_vat
    kinds = np.array([line.kind for line in lines])
    for kind in ("goods", "production", "services"):
        flows.add(f"pl_sales_{kind}", sales[kinds == kind].sum(axis=0))
    for group, mask in (("goods", kinds == "goods"), ("production", kinds != "goods")):
        flows.add(f"pl_purchases_{group}", bought[mask].sum(axis=0))
        flows.add(f"stock_{group}", stock[mask].sum(axis=0))
        # franchise: VAT on purchases is a cost
        flows.add(f"pl_vat_cost_{group}", purchase_vat[mask].sum(axis=0) * (1 - vat_applies))
    flows.add("pl_revenue", sales.sum(axis=0))
    flows.add("vat_collected", sales_vat.sum(axis=0))
    flows.add("bs_sales_ttc", sales_ttc.sum(axis=0))
    flows.add("cash_sales", receipts.sum(axis=0))
    flows.add("vat_deductible", purchase_vat.sum(axis=0) * vat_applies)
    flows.add("bs_supplier_ttc", supplier_ttc.sum(axis=0))
    flows.add("cash_suppliers", -delayed_rows(supplier_ttc, col("supplier_days")).sum(axis=0))
    flows.add("bfr_supplier_days_weight", (supplier_ttc * col("supplier_days")[:, None]).sum(axis=0))
    flows.add("bfr_customer_days_weight",
              (sales_ttc * (1 - cash_share) * col("customer_days")[:, None]).sum(axis=0))


def _charges(plan: Plan, flows: Flows, plan_year: np.ndarray, vat_applies: np.ndarray) -> None:
    n = len(flows.months)
    for charge in plan.charges:
        monthly = charge.amount if charge.period == "month" else charge.amount / 12
        active = np.arange(n) >= month_index(plan, charge.start)
        amount = monthly * active * (1 + charge.growth) ** plan_year
        vat = amount * charge.vat_rate
        flows.add("pl_external", amount + vat * (1 - vat_applies))
        flows.add("vat_deductible", vat * vat_applies)
        flows.add("bs_supplier_ttc", amount + vat)
        flows.add("cash_suppliers", -delayed(amount + vat, charge.supplier_days))
        flows.add("bfr_supplier_days_weight", (amount + vat) * charge.supplier_days)
    flows.arrays.setdefault("vat_deductible", np.zeros(n))


def _taxes(plan: Plan, flows: Flows, calendar_month: np.ndarray, plan_year: np.ndarray) -> None:
    """Taxes such as the CFE: a twelfth accrued each month, the outstanding amount paid in the payment month."""
    for tax in plan.taxes:
        accrued = np.where(plan_year + 1 >= tax.first_plan_year, tax.amount / 12, 0.0)
        total = np.cumsum(accrued)
        paid = np.zeros_like(accrued)
        settled = 0.0
        for m in np.nonzero(calendar_month == tax.payment_month)[0]:
            paid[m] = total[m] - settled
            settled = total[m]
        flows.add("pl_taxes", accrued)
        flows.add("bs_tax_accrued", accrued)
        flows.add("cash_taxes", -paid)


def _staff(plan: Plan, flows: Flows, plan_year: np.ndarray, table: ParamTable) -> None:
    """All staff at once, one row per position; the employer rate from the RGDU unless given."""
    n = len(flows.months)
    staff = plan.staff
    if staff:
        col = partial(_column, staff)
        starts = np.array([month_index(plan, person.start) for person in staff])
        active = np.arange(n)[None, :] >= starts[:, None]
        gross_one = col("gross_monthly")[:, None] * (1 + col("yearly_raise")[:, None]) ** plan_year[None, :]
        given = np.array([np.nan if p.employer_rate is None else p.employer_rate for p in staff])[:, None]
        rate = np.where(np.isnan(given), employer_rates(gross_one, flows.months, table), given)
        gross = gross_one * col("count")[:, None] * active
        employee_rate = np.array([table.value("social.employee_rate", d) for d in flows.months])
        employer = (gross * rate).sum(axis=0)
        gross, net = gross.sum(axis=0), gross.sum(axis=0) * (1 - employee_rate)
        flows.add("pl_wages", gross)
        flows.add("pl_social", employer)
        flows.add("pl_social_staff", employer)
        flows.add("cash_net_pay", -net)
        flows.add("bs_social_accrued", gross - net + employer)
        flows.add("cash_social", -shift(gross - net + employer, 1))  # DSN: paid the month after
    _manager(plan, flows, table)


def _manager(plan: Plan, flows: Flows, table: ParamTable) -> None:
    manager, n = plan.manager, len(flows.months)
    if manager.regime == "none":
        return
    active = (np.arange(n) >= month_index(plan, manager.start)).astype(float)
    net = manager.net_monthly * active
    withdrawal = plan.project.tax_regime == "ir"  # under IR the exploitant's pay is a drawing, not a charge
    if manager.regime == "micro":
        rates = [table.value("micro.social_rates", d)[plan.project.activity] for d in flows.months]
        due = flows.get("pl_revenue") * np.array(rates)
        flows.add("pl_micro_social", due)  # proportional to turnover: a variable cost for the break-even
        flows.add("cash_social", -shift(due, 1))
    elif manager.regime == "assimile_salarie":
        due = net * np.array([table.value("social.assimile_rate", d) for d in flows.months])
        flows.add("cash_social", -shift(due, 1))
    else:
        due = net * np.array([table.value("social.tns_rate", d) for d in flows.months])
        if manager.acre:
            started = np.cumsum(active)
            due = due * np.where((started >= 1) & (started <= 12),
                                 1 - table.value("social.acre_reduction", flows.months[0]), 1.0)
        flows.add("cash_social", -_tns_payments(flows, due, active, table))
    flows.add("pl_social", due)
    flows.add("pl_social_manager", due)
    flows.add("bs_social_accrued", due)
    if withdrawal:
        flows.add("bs_withdrawals", net)
    else:
        flows.add("pl_wages", net)
    flows.add("cash_net_pay", -net)


def _tns_payments(flows: Flows, due: np.ndarray, active: np.ndarray, table: ParamTable) -> np.ndarray:
    """TNS cash cycle: provisional monthly payments (the flat base for the first two calendar years of
    activity, then the contributions due two years before), and the year's regularisation (due − paid)
    in the autumn of the next year."""
    years = np.array([d.year for d in flows.months])
    month_of_year = np.array([d.month for d in flows.months])
    first_year = years[np.argmax(active > 0)] if active.any() else years[0]
    paid = np.zeros_like(due)
    due_by_year = {int(y): float(due[years == y].sum()) for y in np.unique(years)}
    provisional_by_year: dict[int, float] = {}
    for m, day in enumerate(flows.months):
        if not active[m]:
            continue
        y = day.year
        if y - first_year < 2:
            yearly = table.value("social.tns_provisional_base", day) * table.value("social.tns_rate", day)
        else:
            yearly = due_by_year.get(y - 2, 0.0) * 12 / max(1, int(((years == y - 2) & (active > 0)).sum()))
        paid[m] += yearly / 12
        provisional_by_year[y] = provisional_by_year.get(y, 0.0) + yearly / 12
    for y, provisional in provisional_by_year.items():
        month = table.value("social.tns_regularisation_month", date(y, 1, 1))
        target = np.nonzero((years == y + 1) & (month_of_year == month))[0]
        if len(target):
            paid[target[0]] += due_by_year[y] - provisional
    return paid


def _investments(plan: Plan, flows: Flows, vat_applies: np.ndarray, table: ParamTable) -> None:
    n = len(flows.months)
    month_ends = [_month_end(d) for d in flows.months]
    default_years = table.value("depreciation.years", plan.project.start)
    detail = []
    for inv in plan.investments:
        m = month_index(plan, inv.in_service.replace(day=1))
        vat = 0.0 if inv.in_kind else inv.amount * inv.vat_rate
        recoverable = vat * vat_applies[m]
        base = inv.amount + vat - recoverable  # franchise: the VAT is part of the cost
        years = depreciation_years(inv, default_years)
        cumulated = np.zeros(n)
        if years:
            used = np.array([days360(inv.in_service, end) for end in month_ends])
            cumulated = np.minimum(base, base / years * used / 360)
        dotation = increments(cumulated)
        at = _at(n, m, base)
        flows.add("bs_fixed_gross", at)
        flows.add("pl_depreciation", dotation)
        flows.add("vat_deductible", _at(n, m, recoverable))
        flows.add("vat_on_investments", _at(n, m, recoverable))
        if inv.in_kind:
            flows.add("bs_equity_in_kind", at)
        else:
            flows.add("cash_investments", -_at(n, m, inv.amount + vat))
        detail.append({"investment": inv, "base": base, "years": years, "month": m, "dotation": dotation})
    flows.lines["investments"] = detail


def depreciation_years(inv: Investment, default_years: dict[str, int | None]) -> int | None:
    """The period chosen, else the category's; dépôts are never depreciated, nor the fonds commercial
    unless a period is given."""
    if inv.category == "depot":
        return None
    return inv.years if inv.years is not None else default_years[inv.category]


def _month_end(day: date) -> date:
    return add_months(day, 1) - timedelta(days=1)


def _at(n: int, m: int, value: float) -> np.ndarray:
    out = np.zeros(n)
    if 0 <= m < n:
        out[m] = value
    return out


def _financing(plan: Plan, flows: Flows) -> None:
    n = len(flows.months)
    f = plan.financing
    for item in f.equity:
        flows.add("cash_equity", _at(n, month_index(plan, item.month), item.amount))
    for item in f.current_accounts:
        flows.add("cash_current_accounts", _at(n, month_index(plan, item.month), item.amount))
    for item in f.honour_loans:
        flows.add("cash_honour_loans", _at(n, month_index(plan, item.month), item.amount))
    for item in f.subsidies:
        at = _at(n, month_index(plan, item.month), item.amount)
        flows.add("cash_subsidies", at)
        flows.add("pl_subsidies" if item.kind == "exploitation" else "bs_investment_subsidies", at)
    details = []
    for loan in f.loans:
        start = month_index(plan, loan.month)
        table = loan_table(loan.amount, loan.rate, loan.months, annual=loan.annual, method=loan.method,
                           deferral_months=loan.deferral_months, deferral_kind=loan.deferral_kind)
        step = 12 if loan.annual else 1
        month, payment, interest, repaid = table.arrays()
        due = start + month
        interest_accrued = np.zeros(n)
        for k in range(step):  # interest accrues over the months of its period
            back = due - k
            inside = back < n
            np.add.at(interest_accrued, back[inside], interest[inside] / step)
        paid = (due < n) & (repaid >= 0)
        deferred = (due < n) & (repaid < 0)
        interest_paid, principal, capitalised = np.zeros(n), np.zeros(n), np.zeros(n)
        np.add.at(interest_paid, due[paid], (payment - repaid)[paid])
        np.add.at(principal, due[paid], repaid[paid])
        np.add.at(capitalised, due[deferred], -repaid[deferred])
        insurance = np.where((np.arange(n) > start) & (np.arange(n) <= start + loan.months),
                             loan.insurance_rate * loan.amount / 12, 0.0)
        fee = _at(n, start, loan.guarantee_fee * loan.amount)
        flows.add("cash_loans", _at(n, start, loan.amount))
        flows.add("cash_loan_payments", -(interest_paid + principal))
        flows.add("cash_loan_costs", -(insurance + fee))
        flows.add("pl_interest", interest_accrued)
        flows.add("pl_external", insurance + fee)
        flows.add("bs_interest_paid", interest_paid + capitalised)
        flows.add("bs_loan_capitalised", capitalised)
        flows.add("bs_loan_principal", principal)
        flows.add("bs_loan_in", _at(n, start, loan.amount))
        details.append({"loan": loan, "table": table, "start": start, "insurance": insurance, "fee": fee,
                        "principal": principal, "interest": interest_accrued})
    flows.lines["loans"] = details


def _opening(plan: Plan, flows: Flows) -> None:
    """An existing company's opening balance sheet: receivables collected and payables paid in month 1,
    fixed assets depreciated and financial debts repaid in straight lines (their interest is not known)."""
    o, n = plan.opening, len(flows.months)
    flows.add("cash_opening_receivables", _at(n, 0, o.receivables))
    flows.add("cash_opening_payables", _at(n, 0, -o.payables))
    months = np.arange(1, n + 1)
    cumulated = np.minimum(o.fixed_assets, o.fixed_assets / (o.fixed_assets_years * 12) * months)
    flows.add("pl_depreciation", increments(cumulated))
    repaid = np.minimum(o.financial_debts, o.financial_debts / o.debt_months * months)
    flows.add("cash_opening_debt", -increments(repaid))
    flows.add("bs_opening_debt_repaid", increments(repaid))
