"""The forecast's outputs as tables (forecast.table.Table), in the user's language: the page shows them, the
workbook writes them with their formulas, the PDF prints them. One builder per output of the engine
(forecast.result.ForecastResult); nothing is computed here beyond arranging the engine's figures, and the
formulas the workbook needs to recompute totals and balances.
"""
from __future__ import annotations

from typing import Any

from forecast import form
from forecast.model import Plan
from forecast.result import ForecastResult
from forecast.table import Table
from i18n import catalogue, format_date, format_money, format_number, format_percent, t

# Which legal parameters each view lists beside its figures (prefixes of the parameter's "figure").
PARAMETERS_OF = {
    "income_statement": ("income_statement", "charges_sociales"),
    "cash_plan": ("cash_plan",),
    "depreciation": ("depreciation",),
    "financing_plan": ("alerts",),
    "summary": ("alerts",),
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
    low = plan["lowest"]["index"] if plan.get("lowest") else _lowest_index(every_closing)
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


def parameters(result: ForecastResult, lang: str, figures: tuple[str, ...] = ()) -> Table:
    """The dated legal parameters used (all, or those changing one of `figures`), each with the figure it
    changes and its source."""
    rows = [p for p in result.parameters if not figures or str(p.get("figure", "")).startswith(figures)]
    heads = ("value", "valid_from", "figure", "source")
    table = Table("parameters", t("forecast_ui.table.parameters", lang),
                  tuple(t(f"forecast_ui.param.{h}", lang) for h in heads),
                  label_heading=t("forecast_ui.param.key", lang))
    for p in rows:
        key = "forecast_ui.line.param_" + str(p["key"]).replace(".", "_")
        label = t(key, lang) if key in catalogue() else str(p["key"])
        source = p["source"] + (f" ({p['note']})" if p.get("note") else "")
        if p.get("kind") == "practice":
            source = t("forecast_ui.param.practice", lang) + " — " + source
        since = (t("forecast_ui.param.long_standing", lang) if p["valid_from"] <= "2000-01-01"
                 else format_date(_day(p["valid_from"]), lang))   # forecast.params.OLD: "as far back as known"
        table.add(label, [parameter_value(p["value"], lang), since,
                          figure_label(str(p.get("figure", "")), lang), source], kind="text")
    return table


def figure_label(figure: str, lang: str) -> str:
    """'income_statement.impot_societes' -> the label of that line; a table's name for a whole table."""
    if not figure:
        return ""
    area, _, row = figure.partition(".")
    if row:
        return line(row, lang)
    key = f"forecast_ui.table.{area}"
    return t(key, lang, first="", last="") if key in catalogue() else line(area, lang)


def parameter_value(value: Any, lang: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return t("forecast_ui.yes" if value else "forecast_ui.no", lang)
    if isinstance(value, float) and 0 < abs(value) < 1:
        return format_percent(value, lang, 2 if round(value * 100, 2) != round(value * 100) else 0)
    if isinstance(value, (int, float)):
        return format_number(value, lang, 0 if float(value).is_integer() else 2)
    if isinstance(value, (list, tuple)):
        return ", ".join(parameter_value(v, lang) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{form.choice_label('category', k, lang)} : {parameter_value(v, lang)}"
                         for k, v in value.items())
    return str(value)


def alerts(result: ForecastResult, lang: str) -> Table:
    table = Table("alerts", t("forecast_ui.table.alerts", lang), (t("forecast_ui.table.message", lang),),
                  label_heading=t("forecast_ui.table.severity", lang))
    for alert in result.alerts:
        table.add(t(f"forecast_ui.severity.{alert.severity}", lang), [alert.message(lang)], kind="text")
    return table


# The income statement: (key, where the value is, formula over the rows above). "postes" are the engine's
# accounting items, "sig" the SIG of finance.sig (the company analysis' code), "caf" its CAF.
INCOME_ROWS: tuple[tuple[str, str, str], ...] = (
    ("ventes_marchandises", "sig", ""),
    ("production_vendue", "sig", ""),
    ("chiffre_affaires", "sig", "{ventes_marchandises}+{production_vendue}"),
    ("achats_marchandises", "postes", ""),
    ("variation_stock_marchandises", "postes", ""),
    ("cout_achat_marchandises_vendues", "sig", "{achats_marchandises}+{variation_stock_marchandises}"),
    ("marge_commerciale", "sig", "{ventes_marchandises}-{cout_achat_marchandises_vendues}"),
    ("achats_matieres", "postes", ""),
    ("variation_stock_matieres", "postes", ""),
    ("autres_achats_charges_externes", "postes", ""),
    ("consommations", "sig", "{achats_matieres}+{variation_stock_matieres}+{autres_achats_charges_externes}"),
    ("valeur_ajoutee", "sig", "{marge_commerciale}+{production_vendue}-{consommations}"),
    ("subventions_exploitation", "sig", ""),
    ("impots_taxes", "sig", ""),
    ("salaires", "postes", ""),
    ("charges_sociales", "postes", ""),
    ("charges_personnel", "sig", "{salaires}+{charges_sociales}"),
    ("ebe", "sig", "{valeur_ajoutee}+{subventions_exploitation}-{impots_taxes}-{charges_personnel}"),
    ("dotations", "sig", ""),
    ("resultat_exploitation", "sig", "{ebe}-{dotations}"),
    ("charges_financieres", "sig", ""),
    ("rcai", "sig", "{resultat_exploitation}-{charges_financieres}"),
    ("impot_societes", "sig", ""),
    ("resultat_net", "sig", "{rcai}-{impot_societes}"),
    ("caf", "caf", "{resultat_net}+{dotations}"),
)
BOLD = {"chiffre_affaires", "marge_commerciale", "valeur_ajoutee", "ebe", "resultat_exploitation", "rcai",
        "resultat_net", "caf"}


def income_statement(result: ForecastResult, lang: str) -> Table:
    table = Table("income_statement", t("forecast_ui.table.income_statement", lang), exercice_labels(result, lang),
                  label_heading=t("forecast_ui.table.line", lang), note=t("forecast_ui.table.income_note", lang))
    for key, where, formula in INCOME_ROWS:
        values = [float(year[where].get(key, 0.0)) for year in result.income_statement]
        table.add(line(key, lang), values, key=key, formula=formula, bold=key in BOLD)
    return table


def _sided_table(key: str, title: str, columns: tuple[str, ...], parts: list[dict[str, Any]], lang: str,
                 *, balance: str, label_heading: str = "") -> Table:
    """Needs then resources (the financing plans), each with its total, then the difference."""
    table = Table(key, title, columns, label_heading=label_heading)
    for side in ("needs", "resources"):
        keys = list(parts[0][side])
        for name in keys:
            table.add(line(f"{side}_{name}", lang), [float(p[side][name]) for p in parts], key=f"{side}_{name}")
        table.add(t(f"forecast_ui.line.total_{side}", lang), [float(p[f"total_{side}"]) for p in parts],
                  key=f"total_{side}", formula="+".join("{" + f"{side}_{n}" + "}" for n in keys), bold=True)
    table.add(t(f"forecast_ui.line.{balance}", lang),
              [float(p["total_resources"]) - float(p["total_needs"]) for p in parts],
              key="balance", formula="{total_resources}-{total_needs}", bold=True)
    return table


def financing_initial(result: ForecastResult, lang: str) -> Table:
    initial = result.financing_plan["initial"]
    table = _sided_table("financing_initial", t("forecast_ui.table.financing_initial", lang),
                         (t("forecast_ui.table.amount", lang),), [initial], lang, balance="initial_balance")
    equity = initial.get("equity_share")
    notes = [] if equity is None else [t("forecast_ui.table.equity_share", lang, share=format_percent(equity, lang))]
    if initial.get("proposed_loan"):
        notes.append(t("forecast_ui.table.proposed_loan", lang,
                       amount=format_money(initial["proposed_loan"], lang)))
    table.note = " ".join(notes)
    return table


def financing_years(result: ForecastResult, lang: str) -> Table:
    return _sided_table("financing_years", t("forecast_ui.table.financing_years", lang),
                        exercice_labels(result, lang), result.financing_plan["years"], lang,
                        balance="cash_change")


def break_even(result: ForecastResult, lang: str) -> Table:
    table = Table("break_even", t("forecast_ui.table.break_even", lang), exercice_labels(result, lang),
                  label_heading=t("forecast_ui.table.line", lang), note=t("forecast_ui.table.break_even_note", lang))
    years = result.break_even

    def add(key: str, kind: str = "money", formula: str = "", bold: bool = False) -> None:
        values = [y.get(key) for y in years]
        if kind == "text":
            values = [month_label(v, lang) if v else t("forecast_ui.table.not_reached", lang) for v in values]
        table.add(line(f"be_{key}", lang), values, key=key, kind=kind, formula=formula, bold=bold)

    add("revenue")
    add("variable_costs")
    add("contribution_margin", formula="{revenue}-{variable_costs}")
    add("contribution_rate", "pct", formula="{contribution_margin}/{revenue}")
    add("fixed_costs")
    add("threshold", formula="{fixed_costs}/{contribution_rate}", bold=True)
    add("safety_margin", formula="{revenue}-{threshold}")
    add("safety_index", "pct", formula="{safety_margin}/{revenue}")
    add("days", "number")
    add("month_reached", "text")
    add("operating_leverage", "number")
    return table


def bfr(result: ForecastResult, lang: str) -> Table:
    """BFR normatif: each component's days of revenue (TE x CS), their sum, and the amount."""
    table = Table("bfr", t("forecast_ui.table.bfr", lang), exercice_labels(result, lang),
                  label_heading=t("forecast_ui.table.component", lang), note=t("forecast_ui.table.bfr_note", lang))
    names = [c["name"] for c in result.bfr[0]["components"]]
    for name in names:
        values = []
        for year in result.bfr:
            part = next(c for c in year["components"] if c["name"] == name)
            values.append(part["days"] if part["side"] == "emploi" else -part["days"])
        table.add(line(f"bfr_{name}", lang), values, key=f"c_{name}", kind="number")
    table.add(t("forecast_ui.line.bfr_days", lang), [y["days"] for y in result.bfr], key="days", kind="number",
              formula="+".join("{c_" + n + "}" for n in names), bold=True)
    table.add(t("forecast_ui.line.bfr_amount", lang), [y["amount"] for y in result.bfr], key="amount", bold=True)
    return table


ASSETS = ("immobilisations_nettes", "stocks", "clients", "autres_creances", "disponibilites")
EQUITY = ("capital", "report_a_nouveau", "resultat", "subventions_investissement")
DEBTS = ("emprunts", "comptes_courants", "fournisseurs", "dettes_fiscales_sociales", "autres_dettes",
         "concours_bancaires")


def bilan(result: ForecastResult, lang: str) -> Table:
    """The simplified balance sheet at each closing; totals recomputed by formulas, assets = liabilities."""
    table = Table("bilan", t("forecast_ui.table.bilan", lang),
                  tuple(t("forecast_ui.table.at", lang, end=format_date(_day(e.end), lang)) for e in result.exercices),
                  label_heading=t("forecast_ui.table.line", lang))
    sheets = result.bilan

    def add(side: str, key: str, formula: str = "", bold: bool = False) -> None:
        table.add(line(f"bilan_{key}", lang), [float(b[side].get(key, 0.0)) for b in sheets], key=key,
                  formula=formula, bold=bold)

    add("actif", "immobilisations_brutes")
    add("actif", "amortissements")
    add("actif", "immobilisations_nettes", "{immobilisations_brutes}+{amortissements}")
    for key in ASSETS[1:]:
        add("actif", key)
    table.add(t("forecast_ui.line.total_actif", lang), [float(b["total_actif"]) for b in sheets], key="total_actif",
              formula="+".join("{" + k + "}" for k in ASSETS), bold=True)
    for key in EQUITY:
        add("passif", key)
    add("passif", "capitaux_propres", "+".join("{" + k + "}" for k in EQUITY), bold=True)
    for key in DEBTS:
        add("passif", key)
    table.add(t("forecast_ui.line.total_passif", lang), [float(b["total_passif"]) for b in sheets],
              key="total_passif", formula="{capitaux_propres}+" + "+".join("{" + k + "}" for k in DEBTS), bold=True)
    return table


def scenarios(comparison: dict[str, dict[str, Any]], result: ForecastResult, lang: str) -> Table:
    """Scenarios side by side (forecast.scenarios.compare): per exercice revenue, EBE, result, CAF, then the
    cash low point, its month and the cash at the end."""
    names = list(comparison)
    table = Table("scenarios", t("forecast_ui.table.scenarios", lang),
                  tuple(t(f"forecast_ui.scenario.{n}", lang) for n in names),
                  label_heading=t("forecast_ui.table.line", lang), note=t("forecast_ui.table.scenarios_note", lang))
    for key in ("revenue", "ebe", "net_result", "caf", "break_even"):
        for e, ex in enumerate(result.exercices):
            table.add(t(f"forecast_ui.scenario_line.{key}", lang, n=ex.index),
                      [comparison[n][key][e] for n in names], bold=key == "net_result")
    table.add(t("forecast_ui.scenario_line.cash_low", lang), [comparison[n]["cash_low"] for n in names], bold=True)
    table.add(t("forecast_ui.scenario_line.cash_low_month", lang),
              [month_label(comparison[n]["cash_low_month"], lang) for n in names], kind="text")
    table.add(t("forecast_ui.scenario_line.short_term_need", lang),
              [comparison[n]["short_term_need"] for n in names])
    table.add(t("forecast_ui.scenario_line.cash_end", lang), [comparison[n]["cash_end"] for n in names])
    return table


def sensitivity(table_data: dict[str, Any], lang: str) -> Table:
    """One line per input moved by -step and +step: the cash low point and the year-3 result, and their
    change against the plan as it is."""
    pct = format_percent(table_data["step"], lang, 0)
    heads = ("cash_low_minus", "cash_low_plus", "result_y3_minus", "result_y3_plus")
    table = Table("sensitivity", t("forecast_ui.table.sensitivity", lang, pct=pct),
                  tuple(t(f"forecast_ui.sensitivity.{h}", lang, pct=pct) for h in heads),
                  label_heading=t("forecast_ui.sensitivity.input", lang),
                  note=t("forecast_ui.table.sensitivity_note", lang,
                         cash=format_money(table_data["base"]["cash_low"], lang, 0),
                         result=format_money(table_data["base"]["result_y3"], lang, 0)))
    for row in table_data["rows"]:
        table.add(t(f"forecast_ui.sensitivity.{row['input']}", lang),
                  [row["minus"]["cash_low"], row["plus"]["cash_low"], row["minus"]["result_y3"],
                   row["plus"]["result_y3"]])
    return table


def actuals(gap: dict[str, Any], lang: str) -> Table:
    """Actual against plan month by month (forecast.actuals.compare): revenue HT and month-end cash."""
    rows = gap["months"]
    table = Table("actuals", t("forecast_ui.table.actuals", lang), tuple(month_label(r["month"], lang) for r in rows),
                  label_heading=t("forecast_ui.table.line", lang), total_column=t("forecast_ui.table.total", lang))
    table.add(t("forecast_ui.actuals.revenue", lang), [r["revenue"] for r in rows], key="revenue")
    table.add(t("forecast_ui.actuals.revenue_plan", lang), [r["revenue_plan"] for r in rows], key="revenue_plan")
    table.add(t("forecast_ui.actuals.revenue_gap", lang), [r["revenue_gap"] for r in rows], key="revenue_gap",
              formula="{revenue}-{revenue_plan}", bold=True)
    table.add(t("forecast_ui.actuals.cash", lang), [r["cash"] for r in rows], key="cash", flow=False)
    table.add(t("forecast_ui.actuals.cash_plan", lang), [r["cash_plan"] for r in rows], key="cash_plan", flow=False)
    table.add(t("forecast_ui.actuals.cash_gap", lang), [r["cash_gap"] for r in rows], key="cash_gap",
              formula="{cash}-{cash_plan}", flow=False, bold=True)
    return table


def actual_margin(margin: dict[str, float], lang: str) -> Table:
    """The margin over the months both cover, its gap split into a volume and a rate effect."""
    table = Table("actual_margin", t("forecast_ui.table.actual_margin", lang),
                  (t("forecast_ui.actuals.actual", lang), t("forecast_ui.actuals.plan", lang)),
                  label_heading=t("forecast_ui.table.line", lang))
    table.add(t("forecast_ui.actuals.revenue", lang), [margin["revenue"], margin["revenue_plan"]])
    table.add(t("forecast_ui.actuals.margin", lang), [margin["margin"], margin["margin_plan"]])
    table.add(t("forecast_ui.actuals.rate", lang), [margin["rate"], margin["rate_plan"]], kind="pct")
    table.add(t("forecast_ui.actuals.volume_effect", lang), [margin["volume_effect"], None])
    table.add(t("forecast_ui.actuals.rate_effect", lang), [margin["rate_effect"], None])
    return table


# The inputs a dossier prints (the workbook has every field); the first field is the row's label.
DOSSIER_FIELDS = {
    "revenue": ("price", "monthly_volume", "growth_y2", "growth_y3", "vat_rate", "customer_days", "purchase_mode",
                "purchase_value"),
    "charges": ("amount", "period", "vat_rate", "growth"),
    "taxes": ("amount", "payment_month"),
    "staff": ("gross_monthly", "count", "start", "employer_rate"),
    "investments": ("amount", "category", "in_service", "years"),
    "equity": ("amount", "month"), "current_accounts": ("amount", "month"),
    "loans": ("amount", "rate", "months", "deferral_months", "method"),
    "honour_loans": ("amount", "month"), "subsidies": ("amount", "kind", "month"),
}


def assumptions(plan: Plan, lang: str, *, dossier: bool = False) -> list[Table]:
    """The plan's inputs, one table per list (revenue lines, charges, staff, investments, financing), as the
    form shows them (percentages, dates)."""
    document = plan.to_dict()
    out = []
    for section, (_, cls) in form.LISTS.items():
        rows = form.editor_rows(document, section)
        if not rows:
            continue
        columns = form.columns(cls)
        head, rest = columns[0], columns[1:]
        if dossier:
            rest = [c for c in rest if c.name in DOSSIER_FIELDS[section]]
        table = Table(f"inputs_{section}", t("forecast_ui.table.inputs", lang,
                                              section=t(f"forecast_ui.section.{section}", lang)),
                      tuple(form.field_label(section, c.name, lang) + (" (%)" if c.kind == "percent" else "")
                            for c in rest), label_heading=form.field_label(section, head.name, lang))
        for row in rows:
            table.add(str(row[head.name]), [_input_value(c, row[c.name], lang) for c in rest], kind="number")
        out.append(table)
    return out


def _input_value(column: form.Column, value: Any, lang: str) -> Any:
    if value is None:
        return ""
    if column.kind == "choice":
        return form.choice_label(column.name, value, lang)
    if column.kind == "bool":
        return t("forecast_ui.yes" if value else "forecast_ui.no", lang)
    if column.kind == "month":
        return value.strftime("%m/%Y")
    if column.kind == "date":
        return format_date(value, lang)
    return value


def all_tables(plan: Plan, result: ForecastResult, lang: str, *, dossier: bool = False,
               extra: list[Table] | None = None) -> list[Table]:
    """Every table, in the dossier's order (`extra`, e.g. scenarios, after the bilan), the plan's inputs
    last. The workbook has the cash plan in one sheet of all months and every input field; the PDF
    (dossier) prints the cash plan twelve months at a time and the main input fields."""
    cash_chunks = dossier
    months = len(result.months)
    if not result.cash_plan.get("closing"):
        cash = []
    elif cash_chunks:
        cash = [cash_plan(result, lang, 12, first) for first in range(0, months, 12)]
    else:
        cash = [cash_plan(result, lang, months)]
    out = [financing_initial(result, lang), financing_years(result, lang), income_statement(result, lang), *cash,
           break_even(result, lang), bfr(result, lang), *loan_tables(result, lang), depreciation(result, lang),
           bilan(result, lang), *(extra or []), alerts(result, lang), parameters(result, lang),
           *assumptions(plan, lang, dossier=dossier)]
    return [table for table in out if table.rows]
