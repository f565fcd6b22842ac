"""Exports: CSV of any table, PNG and PDF snapshots of the overview (matplotlib + fpdf2, offline).

Visitors' page paths, sources and campaigns are text from the outside: in CSV a cell starting
with = + - @ is prefixed with an apostrophe so a spreadsheet never runs it as a formula.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pandas as pd

matplotlib.use("Agg")  # no display, no GUI toolkit
import matplotlib.pyplot as plt  # noqa: E402
from fpdf import FPDF  # noqa: E402

from audience.stats.overview import Overview  # noqa: E402
from storage.csvsafe import spreadsheet_safe

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
FONT_BOLD = FONT.with_name("DejaVuSans-Bold.ttf")
Translate = Callable[..., str]
Fmt = Callable[[str, float | None], str]


def to_csv(df: pd.DataFrame, *, sep: str = ",") -> bytes:
    """UTF-8 with a BOM (Excel opens accents correctly), formulas neutralised."""
    safe = df.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(spreadsheet_safe)
    return safe.to_csv(index=False, sep=sep).encode("utf-8-sig")


def _figure(ov: Overview, t: Translate, fmt: Fmt):
    """Key figures, the time series and the top pages/sources on one A4-landscape-like figure."""
    plt.rcParams["font.family"] = "DejaVu Sans"
    fig = plt.figure(figsize=(11.69, 8.27), dpi=110)
    grid = fig.add_gridspec(3, 2, height_ratios=[0.7, 1.6, 1.6], hspace=0.55, wspace=0.35)
    fig.suptitle(t("audience_stats.export.title", site=ov.site, start=ov.period.start.isoformat(),
                   end=ov.period.end.isoformat()), fontsize=13, fontweight="bold")
    ax = fig.add_subplot(grid[0, :])
    ax.axis("off")
    metrics = ("visitors", "visits", "pageviews", "views_per_visit", "bounce_rate", "avg_duration")
    for i, metric in enumerate(metrics):
        value = ov.key_figures.current.get(metric)
        change = ov.key_figures.change(metric)
        ax.text(i / len(metrics), 0.75, t(f"audience_stats.metric.{metric}"), fontsize=9, color="#555")
        ax.text(i / len(metrics), 0.3, fmt(metric, value), fontsize=15, fontweight="bold")
        if change is not None:
            ax.text(i / len(metrics), -0.05, fmt("change", change), fontsize=9,
                    color="#1a7f37" if change >= 0 else "#cf222e")
    ax = fig.add_subplot(grid[1, :])
    series = ov.series.df
    if "visitors" in series and len(series):
        ax.plot(series["bucket"], series["visitors"], label=t("audience_stats.metric.visitors"), color="#4c6ef5")
        if "visits" in series:
            ax.plot(series["bucket"], series["visits"], label=t("audience_stats.metric.visits"), color="#20c997")
        ax.legend(loc="upper left", fontsize=8)
    ax.set_title(t("audience_stats.block.series"), fontsize=10, loc="left")
    ax.tick_params(labelsize=7)
    for col, dim in enumerate(("page", "source")):
        ax = fig.add_subplot(grid[2, col])
        table = ov.blocks.get(dim)
        if table is not None and table.available and len(table.df):
            top = table.df.head(8).iloc[::-1]
            labels = [(v or t("audience_stats.value.none"))[:40] for v in top["value"]]
            ax.barh(range(len(labels)), top["visitors"], color="#4c6ef5")
            ax.set_yticks(range(len(labels)), labels, parse_math=False)  # paths come from visitors: no "$...$" maths
        ax.set_title(t(f"audience_stats.block.{dim}"), fontsize=10, loc="left")
        ax.tick_params(labelsize=7)
    return fig


def overview_png(ov: Overview, t: Translate, fmt: Fmt) -> bytes:
    fig = _figure(ov, t, fmt)
    try:
        out = io.BytesIO()
        fig.savefig(out, format="png", bbox_inches="tight")
        return out.getvalue()
    finally:
        plt.close(fig)


def overview_pdf(ov: Overview, t: Translate, fmt: Fmt) -> bytes:
    """Page 1: the PNG snapshot; then each breakdown's top 15 rows as tables."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    pdf.image(io.BytesIO(overview_png(ov, t, fmt)), x=10, y=8, w=277)
    pdf.add_page()
    pdf.set_font("DejaVu", size=8)
    columns = ("visitors", "visits", "pageviews", "bounce_rate")
    for dim, table in ov.blocks.items():
        if not table.available:
            continue
        if pdf.get_y() > 150:
            pdf.add_page()
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(0, 7, t(f"audience_stats.block.{dim}"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=8)
        shown = [c for c in columns if c in table.df]
        with pdf.table(col_widths=(120, *([35] * len(shown))), text_align="LEFT") as tab:
            tab.row([t("audience_stats.column.value"), *(t(f"audience_stats.metric.{c}") for c in shown)])
            for _, row in table.df.head(15).iterrows():
                tab.row([str(row["value"] or t("audience_stats.value.none"))[:90],
                         *(fmt(c, row[c]) for c in shown)])
        pdf.ln(3)
    return bytes(pdf.output())
