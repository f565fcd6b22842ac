"""Plotly figures of the forecast page (no Streamlit), numbers written the app's way for the language:
revenue / costs / result per year, the monthly cash curve with its lowest point, the break-even chart and
the structure of the initial financing. Each takes plain series, so it can be tested without an engine."""
from __future__ import annotations

import plotly.graph_objects as go

# The company analysis' chart layout (title, the language's number separators, euro axis), so both pages'
# charts look and read alike.
from finance.figures import _layout
from i18n import format_money, t

BLUE, LIGHT, RED, GREEN, GREY = "#1f4e79", "#5b9bd5", "#c62828", "#2e7d32", "#9e9e9e"
PALETTE = ("#1f4e79", "#5b9bd5", "#a5c8ec", "#2e7d32", "#f9a825", "#8e24aa", "#6d4c41", "#00838f")


def yearly(labels: list[str], revenue: list[float], costs: list[float], result: list[float],
           lang: str) -> go.Figure:
    """Revenue and costs as bars, the net result as a line, one group per year."""
    fig = go.Figure()
    fig.add_bar(x=labels, y=revenue, name=t("forecast_ui.chart.revenue", lang), marker_color=BLUE)
    fig.add_bar(x=labels, y=costs, name=t("forecast_ui.chart.costs", lang), marker_color=LIGHT)
    fig.add_scatter(x=labels, y=result, name=t("forecast_ui.chart.result", lang), mode="lines+markers",
                    line={"color": GREEN, "width": 3})
    fig.update_layout(barmode="group")
    return _layout(fig, lang, t("forecast_ui.chart.yearly", lang))


def lowest(balances: list[float]) -> int:
    """Index of the lowest month-end balance (the first one when several are equal)."""
    return min(range(len(balances)), key=lambda i: (balances[i], i))


def cash_curve(months: list[str], balances: list[float], lang: str) -> go.Figure:
    """Month-end cash, the lowest point marked and labelled, the zero line drawn."""
    low = lowest(balances)
    fig = go.Figure()
    fig.add_scatter(x=months, y=balances, mode="lines+markers", name=t("forecast_ui.chart.cash", lang),
                    line={"color": BLUE, "width": 2}, fill="tozeroy", fillcolor="rgba(91,155,213,0.15)")
    fig.add_scatter(x=[months[low]], y=[balances[low]], mode="markers+text", showlegend=False,
                    marker={"color": RED, "size": 13, "symbol": "diamond"},
                    text=[t("forecast_ui.chart.lowest", lang, amount=format_money(balances[low], lang, 0))],
                    textposition="bottom center", textfont={"color": RED})
    fig.add_hline(y=0, line={"color": GREY, "width": 1})
    fig.update_xaxes(type="category")
    return _layout(fig, lang, t("forecast_ui.chart.cash_title", lang))


def break_even(revenue: float, fixed_costs: float, variable_rate: float, threshold: float | None,
               lang: str) -> go.Figure:
    """Revenue against total costs (fixed + variable share of revenue) from 0 to past the year's revenue;
    they cross at the break-even revenue."""
    top = max(revenue, threshold or 0.0) * 1.25 or 1.0
    xs = [0.0, top]
    fig = go.Figure()
    fig.add_scatter(x=xs, y=xs, mode="lines", name=t("forecast_ui.chart.revenue", lang),
                    line={"color": BLUE, "width": 3})
    fig.add_scatter(x=xs, y=[fixed_costs + variable_rate * x for x in xs], mode="lines",
                    name=t("forecast_ui.chart.total_costs", lang), line={"color": RED, "width": 3})
    fig.add_scatter(x=xs, y=[fixed_costs, fixed_costs], mode="lines", name=t("forecast_ui.chart.fixed", lang),
                    line={"color": GREY, "dash": "dot"})
    if threshold is not None:
        fig.add_scatter(x=[threshold], y=[threshold], mode="markers+text", showlegend=False,
                        marker={"color": GREEN, "size": 13},
                        text=[t("forecast_ui.chart.threshold", lang, amount=format_money(threshold, lang, 0))],
                        textposition="top left")
    fig.add_vline(x=revenue, line={"color": LIGHT, "dash": "dash"},
                  annotation_text=t("forecast_ui.chart.planned", lang), annotation_position="top")
    fig.update_xaxes(tickformat=",.0f", ticksuffix=" €" if lang == "fr" else "", tickprefix="" if lang == "fr"
                     else "€", title=t("forecast_ui.chart.revenue", lang))
    return _layout(fig, lang, t("forecast_ui.chart.break_even", lang))


def financing(resources: list[tuple[str, float]], lang: str) -> go.Figure:
    """The initial resources as a donut (equity, partners' accounts, loans, subsidies...)."""
    parts = [(label, amount) for label, amount in resources if amount > 0]
    fig = go.Figure(go.Pie(labels=[p[0] for p in parts], values=[p[1] for p in parts], hole=0.5, sort=False,
                           marker={"colors": PALETTE[:len(parts)]}, textinfo="label+percent"))
    return _layout(fig, lang, t("forecast_ui.chart.financing", lang))


def actual_vs_plan(months: list[str], revenue: list[float], revenue_plan: list[float], cash: list[float],
                   cash_plan: list[float], lang: str) -> go.Figure:
    """Actual revenue as bars beside the plan's, actual and planned month-end cash as lines."""
    fig = go.Figure()
    fig.add_bar(x=months, y=revenue, name=t("forecast_ui.actuals.revenue", lang), marker_color=BLUE)
    fig.add_bar(x=months, y=revenue_plan, name=t("forecast_ui.actuals.revenue_plan", lang), marker_color=LIGHT)
    fig.add_scatter(x=months, y=cash, name=t("forecast_ui.actuals.cash", lang), mode="lines+markers",
                    line={"color": GREEN, "width": 3})
    fig.add_scatter(x=months, y=cash_plan, name=t("forecast_ui.actuals.cash_plan", lang), mode="lines",
                    line={"color": GREEN, "dash": "dash"})
    fig.update_layout(barmode="group")
    fig.update_xaxes(type="category")
    return _layout(fig, lang, t("forecast_ui.chart.actuals", lang))
