"""Plotly figures and display data of the analysis page (no Streamlit): SIG waterfall, monthly revenue,
balance-sheet structure, key figures with their change against N-1, ratio rows with traffic lights.

Years are given most recent first (as `analysis.finalise` returns them); charts show the oldest first.
"""
from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from finance.analysis import YearAnalysis
from finance.messages import text
from finance.ratios import BY_KEY, RATIOS, flag
from i18n import format_number, format_percent

COLOURS = ("#1f4e79", "#5b9bd5", "#a5c8ec")  # N, N-1, N-2 (same palette as the PDF charts)
UP, DOWN, TOTAL = "#2e7d32", "#c62828", "#1f4e79"
KEY_FIGURES = ("chiffre_affaires", "ebe", "resultat_net", "caf", "tresorerie_nette", "bfr")
# The SIG chain as steps (sign, key) between subtotals: each subtotal is the running sum of the steps before it.
WATERFALL: tuple[tuple[tuple[tuple[int, str], ...], str], ...] = (
    (((1, "ventes_marchandises"), (-1, "cout_achat_marchandises_vendues"), (1, "production"),
      (-1, "consommations")), "valeur_ajoutee"),
    (((1, "subventions_exploitation"), (-1, "impots_taxes"), (-1, "charges_personnel")), "ebe"),
    (((1, "reprises_transferts"), (1, "autres_produits"), (-1, "dotations"), (-1, "autres_charges")),
     "resultat_exploitation"),
    (((1, "quotes_parts"), (1, "resultat_financier")), "rcai"),
    (((1, "resultat_exceptionnel"), (-1, "participation"), (-1, "impot_societes")), "resultat_net"),
)


def _layout(fig: go.Figure, lang: str, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(title={"text": title, "x": 0, "font": {"size": 16}}, height=height,
                      separators=", " if lang == "fr" else ".,", template="plotly_white",
                      margin={"l": 10, "r": 10, "t": 60, "b": 10},
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"})
    fig.update_yaxes(ticksuffix=" €" if lang == "fr" else "", tickprefix="" if lang == "fr" else "€",
                     tickformat=",.0f")
    return fig


def waterfall_steps(year: YearAnalysis) -> list[tuple[str, str, float]]:
    """(sig key, "relative" or "total", amount) for the waterfall; empty steps are left out."""
    steps: list[tuple[str, str, float]] = []
    for parts, subtotal in WATERFALL:
        for sign, key in parts:
            amount = sign * float(year.sig.get(key, 0))
            if round(amount, 2):
                steps.append((key, "relative", amount))
        steps.append((subtotal, "total", float(year.sig[subtotal])))
    return steps


def sig_waterfall(year: YearAnalysis, lang: str) -> go.Figure:
    steps = waterfall_steps(year)
    labels = [text(f"finance.sig.{key}", lang) for key, _, _ in steps]
    fig = go.Figure(go.Waterfall(
        x=labels, y=[amount for _, _, amount in steps], measure=[m for _, m, _ in steps],
        increasing={"marker": {"color": UP}}, decreasing={"marker": {"color": DOWN}},
        totals={"marker": {"color": TOTAL}}, connector={"line": {"color": "#9e9e9e", "width": 1}},
        hovertemplate="%{x}<br>%{y:,.0f} €<extra></extra>"))
    fig.update_xaxes(tickangle=-35)
    return _layout(fig, lang, text("finance.figure.waterfall", lang, year=year.display_label(lang)), 480)


def _month_names(lang: str) -> list[str]:
    return text("finance.figure.month_names", lang).split()


def monthly_revenue(years: list[YearAnalysis], lang: str) -> go.Figure | None:
    """Revenue per month, one bar series per exercice, side by side by calendar month (in the order of the
    most recent exercice), and N's month-end cash as a line. None when no year has entries (manual entry)."""
    with_series = [y for y in years if y.series.get("months")]
    if not with_series:
        return None
    order = [m[5:7] for m in with_series[0].series["months"]]
    aligned = len(order) <= 12 and all(len(y.series["months"]) <= 12 for y in with_series)
    names = _month_names(lang)
    fig = go.Figure()
    for index, year in reversed(list(enumerate(with_series))):  # oldest first in the legend
        months, revenue = year.series["months"], year.series["revenue"]
        x = [names[int(m[5:7]) - 1] for m in months] if aligned else months
        fig.add_bar(x=x, y=revenue, name=year.display_label(lang), marker_color=COLOURS[index % len(COLOURS)],
                    hovertemplate=f"{year.display_label(lang)} · %{{x}}<br>%{{y:,.0f}} €<extra></extra>")
    latest = with_series[0]
    x_cash = [names[int(m[5:7]) - 1] for m in latest.series["months"]] if aligned else latest.series["months"]
    fig.add_scatter(x=x_cash, y=latest.series["cash_balance"], mode="lines+markers", yaxis="y2",
                    name=text("finance.figure.cash", lang, year=latest.display_label(lang)), line={"color": "#f39c12"},
                    hovertemplate="%{x}<br>%{y:,.0f} €<extra></extra>")
    if aligned:
        fig.update_xaxes(categoryorder="array", categoryarray=[names[int(m) - 1] for m in order])
    fig.update_layout(barmode="group", yaxis2={"overlaying": "y", "side": "right", "showgrid": False,
                                               "tickformat": ",.0f", "ticksuffix": " €" if lang == "fr" else "",
                                               "tickprefix": "" if lang == "fr" else "€", "rangemode": "tozero",
                                               "title": text("finance.table.cash_balance", lang)})
    return _layout(fig, lang, text("finance.chart.monthly", lang))


STRUCTURE = {
    "emplois": ("emplois_stables", "stocks", "creances_exploitation", "creances_hors_exploitation",
                "tresorerie_active"),
    "ressources": ("capitaux_propres", "amortissements_depreciations", "provisions", "dettes_financieres",
                   "dettes_exploitation", "dettes_hors_exploitation", "tresorerie_passive"),
}
_STRUCTURE_COLOURS = {"emplois_stables": "#1f4e79", "stocks": "#5b9bd5", "creances_exploitation": "#a5c8ec",
                      "creances_hors_exploitation": "#d6e6f5", "tresorerie_active": "#2e7d32",
                      "capitaux_propres": "#6a3d9a", "amortissements_depreciations": "#9e7cc1",
                      "provisions": "#cab2d6", "dettes_financieres": "#e6550d", "dettes_exploitation": "#fdae6b",
                      "dettes_hors_exploitation": "#fdd0a2", "tresorerie_passive": "#c62828"}


def balance_structure(year: YearAnalysis, lang: str) -> go.Figure:
    """Bilan fonctionnel as two stacked columns: emplois (left) and ressources (right), equal in total."""
    fig = go.Figure()
    sides = [text(f"finance.figure.{side}", lang) for side in STRUCTURE]
    for index, keys in enumerate(STRUCTURE.values()):
        for key in keys:
            amount = float(year.bilan.get(key, 0))
            if not round(amount, 2):
                continue
            label = text(f"finance.bilan.{key}", lang)
            fig.add_bar(x=[sides[index]], y=[amount], name=label, marker_color=_STRUCTURE_COLOURS[key],
                        text=[label], textposition="inside", insidetextanchor="middle",
                        hovertemplate=f"{label}<br>%{{y:,.0f}} €<extra></extra>")
    fig.update_layout(barmode="relative", showlegend=False)
    return _layout(fig, lang, text("finance.figure.structure", lang, year=year.display_label(lang)), 520)


def equilibrium(years: list[YearAnalysis], lang: str) -> go.Figure:
    """FRNG, BFR and trésorerie nette per exercice (TN = FRNG - BFR)."""
    fig = go.Figure()
    keys = ("frng", "bfr", "tresorerie_nette")
    labels = [text(f"finance.sig.{k}", lang) for k in keys]
    for index, year in reversed(list(enumerate(years))):
        fig.add_bar(x=labels, y=[float(year.bilan[k]) for k in keys], name=year.display_label(lang),
                    marker_color=COLOURS[index % len(COLOURS)],
                    hovertemplate=f"{year.display_label(lang)} · %{{x}}<br>%{{y:,.0f}} €<extra></extra>")
    fig.update_layout(barmode="group")
    return _layout(fig, lang, text("finance.chart.bilan", lang), 380)


@dataclass(frozen=True)
class KeyFigure:
    key: str
    value: float
    previous: float | None
    change: float | None  # value - previous
    change_pct: float | None  # relative to |previous|; None when previous is 0 or absent
    better: str  # "higher", "lower" or "neutral": the colour of the change


_BETTER = {"bfr": "neutral"}


def _figure_value(year: YearAnalysis, key: str) -> float:
    if key == "caf":
        return float(year.caf["caf"])
    return float(year.sig[key] if key in year.sig else year.bilan[key])


def key_figures(years: list[YearAnalysis], keys: tuple[str, ...] = KEY_FIGURES) -> list[KeyFigure]:
    """Key figures of N with their change against N-1 (years: most recent first)."""
    if not years:
        return []
    current, previous = years[0], years[1] if len(years) > 1 else None
    out = []
    for key in keys:
        value = _figure_value(current, key)
        before = _figure_value(previous, key) if previous else None
        change = None if before is None else round(value - before, 2)
        pct = None if before in (None, 0) else (value - before) / abs(before)
        out.append(KeyFigure(key, value, before, change, pct, _BETTER.get(key, "higher")))
    return out


def format_ratio(value: float | None, unit: str, lang: str) -> str:
    if value is None:
        return "–"
    if unit == "pct":
        return format_percent(value, lang, 1)
    if unit == "days":
        return f"{format_number(value, lang, 0)} {text('finance.unit.days', lang)}"
    if unit == "years":
        return f"{format_number(value, lang, 1)} {text('finance.unit.years', lang)}"
    return f"{format_number(value, lang, 2)}"


def light(key: str, value: float | None) -> str:
    """'ok' (within the rule-of-thumb threshold), 'warn' (beyond it), 'none' (no threshold), 'na' (no value)."""
    ratio = BY_KEY[key]
    if value is None:
        return "na"
    if ratio.warn_below is None and ratio.warn_above is None:
        return "none"
    return flag(key, value)


LIGHT_COLOURS = {"ok": "#d8f0dc", "warn": "#f8d7da", "none": "#eef1f5", "na": ""}  # cell backgrounds


def threshold_text(key: str, lang: str) -> str:
    ratio = BY_KEY[key]
    if ratio.warn_below is not None:
        return text("finance.figure.threshold_below", lang, value=format_ratio(ratio.warn_below, ratio.unit, lang))
    if ratio.warn_above is not None:
        return text("finance.figure.threshold_above", lang, value=format_ratio(ratio.warn_above, ratio.unit, lang))
    return text("finance.figure.no_threshold", lang)


def ratio_rows(years: list[YearAnalysis], lang: str) -> list[dict[str, str]]:
    """One row per ratio: light of N, family, label, values per exercice, formula and plain explanation."""
    rows = []
    for ratio in RATIOS:
        values = [y.ratios.get(ratio.key) for y in years]
        state = light(ratio.key, values[0] if values else None)
        row = {"key": ratio.key, "light": text(f"finance.figure.light_{state}", lang),
               "state": state, "family": text(f"finance.family.{ratio.family}", lang),
               "ratio": text(f"finance.ratio.{ratio.key}", lang)}
        row.update({y.display_label(lang): format_ratio(v, ratio.unit, lang)
                    for y, v in zip(years, values, strict=True)})
        row.update(formula=text(f"finance.formula.{ratio.key}", lang),
                   explain=text(f"finance.explain.{ratio.key}", lang), threshold=threshold_text(ratio.key, lang))
        rows.append(row)
    return rows
