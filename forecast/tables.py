"""The forecast's outputs as tables (forecast.table.Table), in the user's language: the page shows them, the
workbook writes them with their formulas, the PDF prints them. One builder per output of the engine
(forecast.result.ForecastResult); nothing is computed here beyond arranging the engine's figures, and the
formulas the workbook needs to recompute totals and balances.
"""
from __future__ import annotations

from typing import Any

from forecast.result import ForecastResult
from forecast.table import Table
from i18n import catalogue, format_date, format_money, format_number, format_percent, t

# Which legal parameters change which table (key prefixes of forecast.params), shown beside it.
PARAMETERS_OF = {
    "income_statement": ("is.", "social.", "rgdu.", "smic", "tns.", "micro.", "assimile"),
    "cash_plan": ("vat.", "is.cash", "is.acompte", "social.", "tns."),
    "depreciation": ("depreciation.",),
    "financing_plan": ("practice.",),
}


def line(key: str, lang: str) -> str:
    """A row label: the app's wording for an engine key (forecast_ui.line, forecast.line, finance.sig)."""
    for prefix in ("forecast_ui.line.", "forecast.line.", "finance.sig."):
        if prefix + key in catalogue():
            return t(prefix + key, lang)
    return key.replace("_", " ").capitalize()


def month_label(month: str, lang: str) -> str:
    names = t("forecast_ui.month_short", lang).split()
    return f"{names[int(month[5:7]) - 1]} {month[2:4]}"


def exercice_labels(result: ForecastResult, lang: str) -> tuple[str, ...]:
    return tuple(t("forecast_ui.exercice", lang, n=e.index, end=format_date(_day(e.end), lang))
                 for e in result.exercices)


def _day(iso: str):
    from datetime import date
    return date.fromisoformat(iso)


def cash_plan(result: ForecastResult, lang: str, count: int = 12, first: int = 0) -> Table:
    """Months first..first+count, TTC: opening cash, each flow, closing cash (a running balance), the lowest
    month of the whole plan marked when it falls in these months."""
    plan = result.cash_plan
    shown = result.months[first:first + count]
    n = len(shown)
    every_closing = list(plan["closing"])
    closing = every_closing[first:first + n]
    opening = [plan["opening"] if first == 0 else every_closing[first - 1], *closing[:-1]]
    table = Table("cash_plan", t("forecast_ui.table.cash_plan", lang, first=tables_month(shown[0], lang),
                                 last=tables_month(shown[-1], lang)),
                  tuple(month_label(m, lang) for m in shown), label_heading=t("forecast_ui.table.month", lang),
                  total_column=t("forecast_ui.table.total", lang), note=t("forecast_ui.table.cash_note", lang))
    table.add(t("forecast_ui.line.opening_cash", lang), opening, key="opening", formula="{closing@prev}",
              flow=False)
    flow_keys = []
    for index, (name, values) in enumerate(plan["rows"].items()):
        key = f"flow{index}"
        flow_keys.append(key)
        table.add(line(name, lang), values[first:first + n], key=key)
    low = _lowest_index(every_closing)
    formula = "{opening}" + "".join("+{" + k + "}" for k in flow_keys)
    table.add(t("forecast_ui.line.closing_cash", lang), closing, key="closing", formula=formula, flow=False,
              bold=True, highlight=(low - first,) if low is not None and first <= low < first + n else ())
    return table


def tables_month(month: str, lang: str) -> str:
    return f"{month[5:7]}/{month[:4]}"


def _lowest_index(values: list[float]) -> int | None:
    return min(range(len(values)), key=lambda i: (values[i], i)) if values else None


def loan_tables(result: ForecastResult, lang: str) -> list[Table]:
    """One schedule per loan: payment = interest + principal, the remaining capital a running balance."""
    tables = []
    for loan in result.loans:
        heads = ("payment", "interest", "principal", "remaining")
        table = Table(f"loan_{len(tables)}", t("forecast_ui.table.loan", lang, name=loan.name),
                      tuple(t(f"forecast_ui.loan.{h}", lang) for h in heads),
                      label_heading=t("forecast_ui.loan.period", lang),
                      note=t("forecast_ui.table.loan_note", lang, amount=format_money(loan.amount, lang),
                             rate=format_percent(loan.rate, lang, 2), months=loan.months,
                             payment=format_money(loan.payment, lang),
                             interest=format_money(loan.total_interest, lang),
                             insurance=format_money(loan.insurance, lang),
                             fee=format_money(loan.guarantee_fee, lang)))
        # payment = interest + principal; remaining = the previous period's remaining - principal
        table.column_formulas = {0: "{c1}+{c2}", 3: "{c3@prev}-{c2}"}
        for row in loan.schedule:
            table.add(str(row["period"]), [row[h] for h in heads])
        tables.append(table)
    return tables


def depreciation(result: ForecastResult, lang: str) -> Table:
    """Each investment: base, period, dotation of each exercice, the total a SUM."""
    years = exercice_labels(result, lang)
    table = Table("depreciation", t("forecast_ui.table.depreciation", lang), years,
                  label_heading=t("forecast_ui.table.asset", lang), total_column=t("forecast_ui.table.total", lang),
                  note=t("forecast_ui.table.depreciation_note", lang))
    for item in result.depreciation:
        period = (t("forecast_ui.depreciation.years", lang, years=item.years) if item.years
                  else t("forecast_ui.depreciation.none", lang))
        name = f"{item.name} — {format_money(item.base, lang, 0)}, {period}"
        table.add(name, item.by_exercice[:len(years)], key=f"asset{len(table.rows)}")
    if table.rows:
        keys = [r.key for r in table.rows]
        table.add(t("forecast_ui.table.total", lang), [sum(v) for v in zip(*(r.values for r in table.rows),
                                                                             strict=True)],
                  formula="+".join("{" + k + "}" for k in keys), bold=True)
    return table


def parameters(result: ForecastResult, lang: str, prefixes: tuple[str, ...] = ()) -> Table:
    """The dated legal parameters used (all, or those whose key starts with one of `prefixes`)."""
    rows = [p for p in result.parameters if not prefixes or str(p["key"]).startswith(prefixes)]
    heads = ("value", "valid_from", "source")
    table = Table("parameters", t("forecast_ui.table.parameters", lang),
                  tuple(t(f"forecast_ui.param.{h}", lang) for h in heads),
                  label_heading=t("forecast_ui.param.key", lang))
    for p in rows:
        label = line("param_" + str(p["key"]).replace(".", "_"), lang)
        if label.lower().startswith("param "):
            label = str(p["key"])
        source = p["source"] + (f" ({p['note']})" if p.get("note") else "")
        if p.get("kind") == "practice":
            source = t("forecast_ui.param.practice", lang) + " — " + source
        table.add(label, [parameter_value(p["value"], lang), format_date(_day(p["valid_from"]), lang), source],
                  kind="text")
    return table


def parameter_value(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return t("forecast_ui.yes" if value else "forecast_ui.no", lang)
    if isinstance(value, float) and 0 < abs(value) < 1:
        return format_percent(value, lang, 2 if round(value * 100, 2) != round(value * 100) else 0)
    if isinstance(value, (int, float)):
        return format_number(value, lang, 0 if float(value).is_integer() else 2)
    if isinstance(value, (list, tuple)):
        return ", ".join(parameter_value(v, lang) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k} : {parameter_value(v, lang)}" for k, v in value.items())
    return str(value)


def alerts(result: ForecastResult, lang: str) -> Table:
    table = Table("alerts", t("forecast_ui.table.alerts", lang), (t("forecast_ui.table.message", lang),),
                  label_heading=t("forecast_ui.table.severity", lang))
    for alert in result.alerts:
        table.add(t(f"forecast_ui.severity.{alert.severity}", lang), [alert.message(lang)], kind="text")
    return table


def all_tables(result: ForecastResult, lang: str, *, cash_chunks: bool = False) -> list[Table]:
    """Every table, in the dossier's order. The workbook has the cash plan in one sheet of all months;
    the PDF (cash_chunks) prints it twelve months at a time."""
    months = len(result.months)
    if not result.cash_plan.get("closing"):
        cash = []
    elif cash_chunks:
        cash = [cash_plan(result, lang, 12, first) for first in range(0, months, 12)]
    else:
        cash = [cash_plan(result, lang, months)]
    out = [*cash, *loan_tables(result, lang), depreciation(result, lang), alerts(result, lang),
           parameters(result, lang)]
    return [table for table in out if table.rows]
