"""Exports of a study in the user's language: an Excel workbook with every table, and a PDF with the
verdict, the map of competitors and the tables.

The PDF's map is a static image drawn with matplotlib (already used by the company analysis' PDF), so
no browser or kaleido is needed; it has no background tiles (no third-party request), only the points,
coloured by their precision. Text cells of the workbook go through storage.csvsafe (a name starting with
"=" stays text in a spreadsheet). Every page and sheet says which datasets, and whether demo data, the
figures come from.
"""
from __future__ import annotations

import io
import math
from datetime import date

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Font, PatternFill  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402

import i18n  # noqa: E402
from finance.pdf import ReportPDF  # noqa: E402
from market import tables  # noqa: E402
from market.study import Result  # noqa: E402
from storage.csvsafe import write_cell  # noqa: E402

_HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
_FORMATS = {"money": "#,##0", "pct": "0.0%", "decimal": "0.00", "number": "0"}
MAP_POINTS_IN_PDF_TABLE = 60


def sources_line(result: Result, lang: str) -> str:
    line = i18n.t("market.export.sources", lang, sources=" ; ".join(result.dataset_labels))
    return f"{line} — {i18n.t('market.demo_warning', lang)}" if result.demo else line


def excel_report(result: Result, name: str, lang: str = "fr") -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in tables.all_tables(result, lang):
        sheet = book.create_sheet(i18n.t(f"market.table.{table.key}", lang)[:31])
        write_cell(sheet, 1, 1, f"{name} — {i18n.t(f'market.table.{table.key}', lang)}").font = Font(bold=True,
                                                                                                   size=13)
        write_cell(sheet, 2, 1, sources_line(result, lang))
        for col, header in enumerate(table.columns, start=1):
            cell = write_cell(sheet, 4, col, header)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = _HEAD_FILL
        for r, row in enumerate(table.rows):
            for col, value in enumerate(row, start=1):
                cell = write_cell(sheet, 5 + r, col, value)
                kind = table.kinds[col - 1]
                if kind in _FORMATS and isinstance(value, (int, float)):
                    cell.number_format = _FORMATS[kind]
        for col in range(1, len(table.columns) + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 18 if col > 1 else 34
        sheet.freeze_panes = "A5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def map_png(result: Result, lang: str) -> bytes | None:
    """The competitors' positions (no background map), coloured by precision in metres; None without points."""
    points = result.competition.mapped
    if points.empty:
        return None
    fig, ax = plt.subplots(figsize=(7, 5), dpi=110)
    scatter = ax.scatter(points["lon"], points["lat"], c=points["geo_precision"].fillna(500).clip(upper=500),
                         cmap="viridis_r", s=14, alpha=0.85)
    centre = result.competition.area.centre
    if centre:
        ax.plot(centre[1], centre[0], marker="x", color="crimson", markersize=10)
    ax.set_aspect(1 / max(0.1, math.cos(math.radians(float(points["lat"].mean())))))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    fig.colorbar(scatter, ax=ax, label=i18n.t("market.map.precision", lang))
    ax.set_title(i18n.t("market.map.title", lang, count=len(points)), fontsize=10)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


class _Report(ReportPDF):
    def __init__(self, lang: str, footer: str) -> None:
        super().__init__(lang, footer, margin=16)

    def footer(self) -> None:  # the footer may carry the demo-data warning: it wraps
        self.set_y(-12)
        self.set_font("DejaVu", "", 6.5)
        self.multi_cell(0, 3.2, f"{self.footer_text} — {self.page_no()}", align="C")

    def draw(self, table: tables.Table, lang: str, limit: int | None = None) -> None:
        self.heading(i18n.t(f"market.table.{table.key}", lang))
        self.set_font("DejaVu", "", 7)
        rows = table.rows[:limit] if limit else table.rows
        with self.table(line_height=4.2, first_row_as_headings=True) as grid:
            grid.row(table.columns)
            for row in rows:
                grid.row([_cell(v, k, lang) for v, k in zip(row, table.kinds, strict=True)])
        if limit and len(table.rows) > limit:
            self.set_font("DejaVu", "", 7)
            self.cell(0, 5, i18n.t("market.export.more_rows", lang, count=len(table.rows) - limit),
                      new_x="LMARGIN", new_y="NEXT")


def _cell(value, kind: str, lang: str) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if kind == "money":
        return i18n.format_money(value, lang, 0)
    if kind == "pct":
        return i18n.format_percent(value, lang, 1)
    if kind == "decimal" or (kind == "mixed" and not float(value).is_integer()):
        return i18n.format_number(value, lang, 2 if abs(value) < 1000 else 0)
    return i18n.format_number(value, lang, 0)


def pdf_report(result: Result, name: str, lang: str = "fr") -> bytes:
    footer = sources_line(result, lang)
    pdf = _Report(lang, footer)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 9, name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, i18n.t("market.export.subtitle", lang, date=date.today().strftime("%d/%m/%Y")),
                   new_x="LMARGIN", new_y="NEXT")
    if result.demo:
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 6, i18n.t("market.demo_warning", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, tables.verdict_text(tables.worst_verdict(result), lang), new_x="LMARGIN", new_y="NEXT")
    pdf.draw(tables.summary(result, lang), lang)
    png = map_png(result, lang)
    if png:
        pdf.heading(i18n.t("market.map.heading", lang))
        pdf.image(io.BytesIO(png), w=pdf.epw * 0.9)
    for table in tables.all_tables(result, lang)[1:-1]:
        if table.rows:
            pdf.draw(table, lang)
    pdf.draw(tables.competitors(result.competition, lang), lang, limit=MAP_POINTS_IN_PDF_TABLE)
    return bytes(pdf.output())
