"""Static charts (matplotlib, PNG bytes) for the PDF report. The page draws its own with plotly."""
from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # no display in a server or CI
import matplotlib.pyplot as plt  # noqa: E402

from finance.analysis import YearAnalysis  # noqa: E402
from finance.messages import text  # noqa: E402

SIG_CHART = ("chiffre_affaires", "valeur_ajoutee", "ebe", "resultat_exploitation", "resultat_net")
BILAN_CHART = ("frng", "bfr", "tresorerie_nette")
_COLOURS = ("#1f4e79", "#5b9bd5", "#a5c8ec")


def _png(fig: plt.Figure) -> bytes:
    out = io.BytesIO()
    fig.tight_layout()
    fig.savefig(out, format="png", dpi=130)
    plt.close(fig)
    return out.getvalue()


def _grouped(years: list[YearAnalysis], keys: tuple[str, ...], values: list[dict[str, float]], lang: str,
             title: str) -> bytes:
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    width = 0.8 / max(1, len(years))
    for index, (year, row) in enumerate(reversed(list(zip(years, values, strict=True)))):  # oldest first
        positions = [k + index * width for k in range(len(keys))]
        ax.bar(positions, [row[k] for k in keys], width, label=year.display_label(lang),
               color=_COLOURS[index % len(_COLOURS)])
    ax.set_xticks([k + width * (len(years) - 1) / 2 for k in range(len(keys))])
    ax.set_xticklabels([textwrap.fill(text(f"finance.sig.{k}", lang), 18) for k in keys], fontsize=7)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_title(title, fontsize=10)
    ax.yaxis.set_major_formatter(_k_euros(lang))
    ax.legend(fontsize=7)
    return _png(fig)


def _k_euros(lang: str) -> matplotlib.ticker.Formatter:
    sep = "\u202f" if lang == "fr" else ","
    return matplotlib.ticker.FuncFormatter(lambda v, _: f"{v / 1000:,.0f} k€".replace(",", sep))


def sig_chart(years: list[YearAnalysis], lang: str) -> bytes:
    values = [{k: float(y.sig[k]) for k in SIG_CHART} for y in years]
    return _grouped(years, SIG_CHART, values, lang, text("finance.chart.sig", lang))


def bilan_chart(years: list[YearAnalysis], lang: str) -> bytes:
    values = [{k: float(y.bilan[k]) for k in BILAN_CHART} for y in years]
    return _grouped(years, BILAN_CHART, values, lang, text("finance.chart.bilan", lang))


def monthly_chart(year: YearAnalysis, lang: str) -> bytes | None:
    series = year.series
    if not series.get("months"):
        return None
    fig, ax = plt.subplots(figsize=(7.5, 3.0))
    months = series["months"]
    ax.bar(months, series["revenue"], color=_COLOURS[1], label=text("finance.table.revenue", lang))
    ax.plot(months, series["cash_balance"], color=_COLOURS[0], marker="o", markersize=3,
            label=text("finance.table.cash_balance", lang))
    ax.axhline(0, color="black", linewidth=0.6)
    ax.tick_params(axis="x", labelrotation=60, labelsize=6)
    ax.yaxis.set_major_formatter(_k_euros(lang))
    ax.set_title(text("finance.chart.monthly", lang) + f" — {year.display_label(lang)}", fontsize=10)
    ax.legend(fontsize=7)
    return _png(fig)
