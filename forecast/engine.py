"""One calculation engine: Plan -> ForecastResult (see forecast.result for the shape).

Steps: the VAT regime of each month (forecast.vat) -> every flow that does not depend on the result, as
numpy arrays (forecast.flows) -> VAT payments -> the IS and the cash plan together: the IS depends on the
result, which depends on the overdraft interest, which depends on the cash, which depends on the IS paid;
the loop repeats until the IS of every exercice moves by less than half a cent (a fixed point, checked) ->
compte de résultat with finance.sig, bilan, financing plans, break-even, BFR, alerts.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import numpy as np

from forecast import bfr as bfr_mod
from forecast import tax as tax_mod
from forecast import vat as vat_mod
from forecast.alerts import compute_alerts
from forecast.breakeven import break_even, month_reached
from forecast.depreciation import full_schedule
from forecast.flows import Flows, build, calendar, revenue_ht
from forecast.model import Plan, add_months, months_between
from forecast.params import TABLE, Parameter, ParamTable
from forecast.result import DepreciationTable, Exercice, ForecastResult, LoanTable
from forecast.statements import (
    balance_items,
    bilan,
    income_statement,
    initial_financing_plan,
    monthly_postes,
    result_before_tax,
    variable_costs,
    working_capital,
    yearly_financing_plan,
)

MAX_ITERATIONS = 60
# Cash plan rows: (row name, flow array names summed into it)
CASH_ROWS = (
    ("sales", ("cash_sales",)), ("opening_receivables", ("cash_opening_receivables",)),
    ("equity", ("cash_equity",)), ("current_accounts", ("cash_current_accounts",)),
    ("honour_loans", ("cash_honour_loans",)), ("loans", ("cash_loans",)), ("subsidies", ("cash_subsidies",)),
    ("suppliers", ("cash_suppliers",)), ("opening_payables", ("cash_opening_payables",)),
    ("investments", ("cash_investments",)), ("net_pay", ("cash_net_pay",)), ("social", ("cash_social",)),
    ("taxes", ("cash_taxes",)), ("loan_payments", ("cash_loan_payments", "cash_opening_debt")),
    ("loan_costs", ("cash_loan_costs",)),
)


class _Recorder(ParamTable):
    """The parameter table, remembering which rows the computation used (shown beside the figures)."""

    def __init__(self, table: ParamTable) -> None:
        super().__init__(table.rows)
        self.used: dict[tuple[str, date], Parameter] = {}

    def row(self, key: str, day: date) -> Parameter:
        found = super().row(key, day)
        self.used[(found.key, found.valid_from)] = found
        return found


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
    return [d.isoformat()[:7] for d in calendar(plan)[0]]


def run_cash(opening: float, flows: np.ndarray, overdraft_rate: float) -> tuple[np.ndarray, np.ndarray]:
    """Month-end balances and the overdraft interest charged (and paid) on a negative previous balance."""
    cash, interest = np.empty(len(flows)), np.zeros(len(flows))
    balance = opening
    for m, flow in enumerate(flows.tolist()):
        interest[m] = max(0.0, -balance) * overdraft_rate / 12
        balance += flow - interest[m]
        cash[m] = balance
    return cash, interest


def compute(plan: Plan, params: ParamTable = TABLE, *, builder: Callable[..., Flows] = build) -> ForecastResult:
    """Every output of the forecast. `builder` makes the monthly flows (benchmarks/forecast.py swaps in a
    plain pandas month-by-month loop to check it gives the same results)."""
    table = _Recorder(params)
    months = calendar(plan)[0]
    n = len(months)
    ex = exercices(plan)
    spans = [(e.first_month, e.last_month, date.fromisoformat(e.end)) for e in ex]
    regime = vat_mod.regimes(plan, months, revenue_ht(plan), table)
    flows = builder(plan, table, regime.applies)
    vat_cash = vat_mod.payments(months, regime, flows.get("vat_collected"), flows.get("vat_deductible"),
                                flows.get("vat_on_investments"), table)
    base_cash = sum((flows.get(name) for _, names in CASH_ROWS for name in names), np.zeros(n)) + vat_cash
    solved = _solve_tax(plan, flows, spans, months, base_cash, table)
    cash, overdraft, tax, tax_cash, postes, iterations = solved
    is_accrued = np.zeros(n)
    for (_, last, _), amount in zip(spans, tax, strict=True):
        is_accrued[last] += amount
    flows.arrays["is_accrued"] = is_accrued
    monthly_result = result_before_tax(postes) - is_accrued
    statements = [income_statement(postes, first, last, t) for (first, last, _), t in zip(spans, tax, strict=True)]
    for statement, (first, last, _) in zip(statements, spans, strict=True):
        statement["iterations"] = iterations
        again = _tax_of(plan, float(result_before_tax(postes)[first:last + 1].sum()), first, last, months, table,
                        postes)
        statement["is_fixed_point"] = abs(again - statement["sig"]["impot_societes"]) < 0.01
    items = [balance_items(flows, plan.opening, cash, tax_cash, vat_cash, monthly_result, last)
             for _, last, _ in spans]
    bilans = [bilan(i, float(monthly_result[first:last + 1].sum())) for i, (first, last, _) in zip(items, spans,
                                                                                                   strict=True)]
    cash_plan = _cash_plan(plan, flows, months, cash, overdraft, vat_cash, tax_cash)
    financing = _financing(plan, flows, spans, monthly_result, items, cash)
    variable = variable_costs(postes, flows)
    breaks = [_break_even(postes, variable, statement, first, last, months)
              for statement, (first, last, _) in zip(statements, spans, strict=True)]
    bfrs = [_bfr(flows, postes, regime, first, last) for first, last, _ in spans]
    loans = _loan_tables(plan, flows, months)
    depreciation = _depreciation_tables(plan, flows, spans)
    revenue = flows.get("pl_revenue")
    monthly = {"revenue": _r(revenue), "variable_costs": _r(variable), "margin": _r(revenue - variable),
               "result_before_tax": _r(result_before_tax(postes)), "cash": _r(cash),
               "vat_regime": list(regime.by_month)}
    result = ForecastResult(
        months=[d.isoformat()[:7] for d in months], exercices=ex, financing_plan=financing,
        income_statement=statements, cash_plan=cash_plan, break_even=breaks, bfr=bfrs, loans=loans,
        depreciation=depreciation, bilan=bilans, alerts=[], monthly=monthly,
        parameters=[])
    alerts = compute_alerts(plan, result, regime.franchise_end, months, table)
    used = sorted(table.used.values(), key=lambda p: (p.key, p.valid_from))
    return replace(result, alerts=alerts, parameters=[p.to_dict() for p in used])


def _r(values: np.ndarray) -> list[float]:
    return np.round(np.asarray(values, dtype=float), 2).tolist()


def _tax_of(plan: Plan, profit: float, first: int, last: int, months: list[date],
            table: ParamTable, postes: dict[str, np.ndarray]) -> float:
    if plan.project.tax_regime != "is":
        return 0.0
    turnover = float(sum(postes[k][first:last + 1].sum() for k in
                         ("ventes_marchandises", "production_vendue_biens", "production_vendue_services")))
    return tax_mod.corporate_tax(profit, last - first + 1, months[first], table,
                                 eligible=plan.project.is_reduced_rate, turnover=turnover)


def _solve_tax(plan: Plan, flows: Flows, spans: list[tuple[int, int, date]], months: list[date],
               base_cash: np.ndarray, table: ParamTable) -> tuple:
    """IS and cash together, to a fixed point (see the module docstring)."""
    tax = [0.0] * len(spans)
    for iteration in range(1, MAX_ITERATIONS + 1):
        tax_cash = tax_mod.payments(months, spans, tax, table)
        cash, overdraft = run_cash(plan.opening.cash, base_cash + tax_cash, plan.project.overdraft_rate)
        postes = monthly_postes(flows, overdraft)
        rcai = result_before_tax(postes)
        new = [_tax_of(plan, float(rcai[first:last + 1].sum()), first, last, months, table, postes)
               for first, last, _ in spans]
        if max(abs(a - b) for a, b in zip(new, tax, strict=True)) < 0.005:
            return cash, overdraft, tax, tax_cash, postes, iteration
        tax = new
    raise RuntimeError("the IS did not converge")  # cannot happen: each step moves the IS by the rate × less


def _cash_plan(plan: Plan, flows: Flows, months: list[date], cash: np.ndarray, overdraft: np.ndarray,
               vat_cash: np.ndarray, tax_cash: np.ndarray) -> dict[str, Any]:
    rows = {name: _r(sum((flows.get(a) for a in names), np.zeros(len(months)))) for name, names in CASH_ROWS}
    rows["vat"] = _r(vat_cash)
    rows["corporate_tax"] = _r(tax_cash)
    rows["overdraft_interest"] = _r(-overdraft)
    totals = np.array([sum(r) for r in zip(*rows.values(), strict=True)])
    receipts = np.array([sum(v for v in r if v > 0) for r in zip(*rows.values(), strict=True)])
    lowest = int(np.argmin(cash))
    return {"opening": round(plan.opening.cash, 2), "rows": rows, "receipts": _r(receipts),
            "payments": _r(receipts - totals), "net": _r(totals), "closing": _r(cash),
            "lowest": {"amount": round(float(cash[lowest]), 2), "month": months[lowest].isoformat()[:7],
                       "index": lowest},
            "short_term_need": round(max(0.0, -float(cash[lowest])), 2), "shown_first": 12}


def _financing(plan: Plan, flows: Flows, spans: list, monthly_result: np.ndarray, items: list,
               cash: np.ndarray) -> dict:
    """Initial and yearly plans. The yearly CAF is the additive one on unrounded sums (the SIG's, from
    postes rounded to the cent, may differ by a few cents), so the plan meets the cash plan exactly."""
    o = plan.opening
    previous_bfr = o.stocks + o.receivables - o.payables
    previous_cash = o.cash
    years = []
    depreciation = flows.get("pl_depreciation")
    for (first, last, _), item in zip(spans, items, strict=True):
        bfr_now = working_capital(item)
        caf = float(monthly_result[first:last + 1].sum() + depreciation[first:last + 1].sum())
        years.append(yearly_financing_plan(flows, first, last, caf, bfr_now - previous_bfr,
                                           float(cash[last]) - previous_cash))
        previous_bfr, previous_cash = bfr_now, float(cash[last])
    return {"initial": initial_financing_plan(plan, flows), "years": years}


def _break_even(postes: dict, variable: np.ndarray, statement: dict, first: int, last: int,
                months: list[date]) -> dict[str, Any]:
    sig = statement["sig"]
    revenue = sig["chiffre_affaires"]
    variable_total = float(variable[first:last + 1].sum())
    fixed = revenue - variable_total - sig["rcai"]
    out = break_even(fixed, revenue, variable_total, days_in_period=30 * (last - first + 1))
    monthly_revenue = sum(postes[k][first:last + 1] for k in
                          ("ventes_marchandises", "production_vendue_biens", "production_vendue_services"))
    reached = month_reached(monthly_revenue, out["threshold"])
    out["month_reached"] = None if reached is None else months[first + reached].isoformat()[:7]
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in out.items()}


def _bfr(flows: Flows, postes: dict, regime: vat_mod.Regimes, first: int, last: int) -> dict[str, Any]:
    window = slice(first, last + 1)
    length = last - first + 1

    def total(name: str) -> float:
        return float(flows.get(name)[window].sum())

    revenue = total("pl_revenue")
    if revenue <= 0:
        return bfr_mod.bfr_normatif([], 0.0)
    consumed = float(sum(postes[k][window].sum() for k in ("achats_marchandises", "variation_stock_marchandises",
                                                            "achats_matieres", "variation_stock_matieres")))
    stock = flows.get("stock_goods")[window] + flows.get("stock_production")[window]
    sales_ttc, supplier_ttc = total("bs_sales_ttc"), total("bs_supplier_ttc")
    kinds = regime.by_month[first:last + 1]
    vat_kind = max(set(kinds), key=kinds.count)
    vat_due = total("vat_collected") - total("vat_deductible") + total("vat_on_investments")
    components = [
        bfr_mod.component("stocks", "emploi", float(stock.mean()) * 30 * length / consumed if consumed else 0.0,
                          consumed / revenue),
        bfr_mod.component("clients", "emploi", total("bfr_customer_days_weight") / sales_ttc if sales_ttc else 0.0,
                          sales_ttc / revenue),
        bfr_mod.component("fournisseurs", "ressource",
                          total("bfr_supplier_days_weight") / supplier_ttc if supplier_ttc else 0.0,
                          supplier_ttc / revenue),
        bfr_mod.component("tva", "ressource", bfr_mod.VAT_DAYS[vat_kind], max(0.0, vat_due) / revenue),
        bfr_mod.component("salaires", "ressource", bfr_mod.WAGES_DAYS, -total("cash_net_pay") / revenue),
        bfr_mod.component("charges_sociales", "ressource", bfr_mod.SOCIAL_DAYS, total("pl_social") / revenue),
    ]
    return bfr_mod.bfr_normatif(components, revenue * 12 / length)


def _loan_tables(plan: Plan, flows: Flows, months: list[date]) -> list[LoanTable]:
    out = []
    for item in flows.lines["loans"]:
        loan, schedule = item["loan"], item["table"]
        start = add_months(plan.project.start, item["start"])
        rows = [{**p.to_dict(), "month": add_months(start, p.month).isoformat()[:7]} for p in schedule.periods]
        out.append(LoanTable(loan.name, loan.amount, loan.rate, loan.months, loan.method, loan.annual,
                             float(schedule.payment), float(schedule.total_interest),
                             round(loan.insurance_rate * loan.amount * loan.months / 12, 2),
                             round(loan.guarantee_fee * loan.amount, 2), rows))
    return out


def _depreciation_tables(plan: Plan, flows: Flows, spans: list) -> list[DepreciationTable]:
    out = []
    for item in flows.lines["investments"]:
        inv = item["investment"]
        by_exercice = [round(float(item["dotation"][first:last + 1].sum()), 2) for first, last, _ in spans]
        schedule, cumulated = [], 0.0
        for end, dotation in full_schedule(item["base"], item["years"], inv.in_service, spans[0][2]):
            cumulated += dotation
            schedule.append({"end": end.isoformat(), "dotation": round(dotation, 2),
                             "cumulated": round(cumulated, 2), "net_value": round(item["base"] - cumulated, 2)})
        out.append(DepreciationTable(inv.name, inv.category, round(item["base"], 2), item["years"],
                                     inv.in_service.isoformat(), by_exercice, schedule))
    return out
