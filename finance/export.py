"""Exports in the user's language: an Excel workbook with every table, and a PDF report with the charts."""
from __future__ import annotations

import io
from datetime import date

from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from finance.analysis import YearAnalysis
from finance.charts import bilan_chart, monthly_chart, sig_chart
from finance.messages import text
from finance.pdf import ReportPDF
from finance.ratios import RATIOS
from finance.tables import (
    Table,
    alerts_table,
    all_tables,
    bilan_table,
    caf_table,
    checks_table,
    headline_table,
    ratio_table,
    sig_table,
)
from storage.csvsafe import sheet_name, write_cell

_FORMATS = {"money": "#,##0.00", "pct": "0.0%", "days": "0", "years": "0.0", "x": "0.00", "number": "0"}
_HEAD_FILL = PatternFill("solid", fgColor="1F4E79")


def excel_report(years: list[YearAnalysis], lang: str = "fr") -> bytes:
    """Workbook with one sheet per table (synthèse, SIG, CAF, bilan fonctionnel, ratios, liasse, ...)."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in all_tables(years, lang):
        sheet = book.create_sheet(sheet_name(table.sheet or table.title, used))
        write_cell(sheet, 1, 1, table.title).font = Font(bold=True, size=13)
        for col, header in enumerate(table.columns, start=1):
            cell = write_cell(sheet, 3, col, header)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = _HEAD_FILL
        for r, row in enumerate(table.rows):
            for col, value in enumerate(row, start=1):
                cell = write_cell(sheet, 4 + r, col, value)
                kind = table.kinds[col - 1]
                if kind == "ratio":
                    kind = RATIOS[r].unit
                if kind in _FORMATS and isinstance(value, (int, float)):
                    cell.number_format = _FORMATS[kind]
                if r in table.bold:
                    cell.font = Font(bold=True)
        for col, kind in enumerate(table.kinds, start=1):
            longest = max([len(str(table.columns[col - 1]))] + [len(str(row[col - 1] or "")) for row in table.rows])
            sheet.column_dimensions[get_column_letter(col)].width = min(70, max(10, longest + 2 if kind == "text"
                                                                                else 16))
        sheet.freeze_panes = "B4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _format(value: object, kind: str, lang: str) -> str:
    if value is None or value == "":
        return "–" if kind != "text" else ""
    if not isinstance(value, (int, float)):
        return str(value)
    if kind == "pct":
        raw = f"{value * 100:,.1f} %"
    elif kind in ("days", "number"):
        raw = f"{value:,.0f}"
    elif kind in ("years", "x"):
        raw = f"{value:,.2f}"
    else:
        raw = f"{value:,.2f}"
    return raw.replace(",", "\u202f").replace(".", ",") if lang == "fr" else raw


class _Report(ReportPDF):
    def __init__(self, lang: str) -> None:
        super().__init__(lang, text("finance.pdf.footer", lang))

    def draw_table(self, table: Table, widths: tuple[float, ...] | None = None) -> None:
        self.heading(table.title)
        self.set_font("DejaVu", "", 7)
        bold = FontFace(emphasis="BOLD")
        align = tuple("LEFT" if k == "text" else "RIGHT" for k in table.kinds)
        with self.table(col_widths=widths, text_align=align, line_height=4.2, first_row_as_headings=True) as t:
            t.row(table.columns)
            for index, row in enumerate(table.rows):
                kinds = [RATIOS[index].unit if k == "ratio" else k for k in table.kinds]
                cells = [_format(v, k, self.lang) for v, k in zip(row, kinds, strict=True)]
                t.row(cells, style=bold if index in table.bold else None)

    def image_png(self, png: bytes | None) -> None:
        if png:
            self.image(io.BytesIO(png), w=self.epw)


def pdf_report(years: list[YearAnalysis], lang: str = "fr") -> bytes:
    """A4 report: key figures, charts, SIG, CAF, bilan fonctionnel, ratios with formulas, alerts, checks."""
    pdf = _Report(lang)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 10, text("finance.pdf.title", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    sirens = ", ".join(dict.fromkeys(y.siren for y in years if y.siren))
    subtitle = text("finance.pdf.subtitle", lang, years=", ".join(y.display_label(lang) for y in years),
                    siren=sirens or "–", date=date.today().isoformat())
    pdf.multi_cell(0, 5, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.draw_table(headline_table(years, lang))
    pdf.image_png(sig_chart(years, lang))
    pdf.image_png(bilan_chart(years, lang))
    pdf.image_png(monthly_chart(years[0], lang) if years else None)
    pdf.draw_table(sig_table(years, lang))
    pdf.draw_table(caf_table(years, lang))
    pdf.draw_table(bilan_table(years, lang))
    n = len(years)
    pdf.draw_table(ratio_table(years, lang), (20, 40, 62, 12) + (18,) * n)
    pdf.draw_table(alerts_table(years, lang), (22, 20, 148))
    pdf.draw_table(checks_table(years, lang), (25, 90, 30, 35))
    return bytes(pdf.output())
