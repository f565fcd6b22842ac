"""Excel template of the manual 2033 entry: build it (totals as live formulas) and read it back."""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from finance.errors import FecError
from finance.manual import LINES, MAX_YEARS, MONTHS_CODE, ManualYear, line_label, parse_amount
from finance.mapping import AMORT_CODE
from finance.messages import text
from finance.totals import (
    ACTIF_CIRCULANT_2033,
    ACTIF_IMMOBILISE_2033,
    CAPITAUX_PROPRES_2033,
    CHARGES_2033,
    DETTES_2033,
    PRODUITS_2033,
)
from storage.csvsafe import write_cell, write_formula

SHEET = "2033"
HEADER_ROW = 4
FIRST_YEAR_COLUMN = 4  # D
_GREY = PatternFill("solid", fgColor="DDDDDD")


def _amorts(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(AMORT_CODE[c] for c in codes)


# Totals as signed sums of other lines (same definitions as totals.liasse_2033_totals).
FORMULAS: dict[str, tuple[tuple[int, str], ...]] = {
    "044": tuple((1, c) for c in ACTIF_IMMOBILISE_2033), "048": tuple((1, c) for c in _amorts(ACTIF_IMMOBILISE_2033)),
    "096": tuple((1, c) for c in ACTIF_CIRCULANT_2033), "098": tuple((1, c) for c in _amorts(ACTIF_CIRCULANT_2033)),
    "110": ((1, "044"), (1, "096")), "112": ((1, "048"), (1, "098")),
    "142": tuple((1, c) for c in CAPITAUX_PROPRES_2033), "176": tuple((1, c) for c in DETTES_2033),
    "180": ((1, "142"), (1, "154"), (1, "176")),
    "232": tuple((1, c) for c in PRODUITS_2033), "264": tuple((1, c) for c in CHARGES_2033),
    "270": ((1, "232"), (-1, "264")),
    "310": ((1, "270"), (1, "280"), (1, "290"), (-1, "294"), (-1, "300"), (-1, "306")),
}


def build_template(lang: str = "fr", years: list[ManualYear] | None = None) -> bytes:
    """An .xlsx to fill in: one row per line, one column per closing date (N, N-1, N-2)."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    write_cell(sheet, 1, 1, text("finance.manual.template_title", lang)).font = Font(bold=True, size=13)
    write_cell(sheet, 2, 1, text("finance.manual.template_help", lang))
    today = date.today()
    dates = [y.closing_date for y in years] if years else [date(today.year - i, 12, 31) for i in range(1, 4)]
    headers = [text("finance.manual.code", lang), text("finance.manual.form", lang),
               text("finance.manual.label", lang)] + dates[:MAX_YEARS]
    for col, value in enumerate(headers, start=1):
        cell = write_cell(sheet, HEADER_ROW, col, value)
        cell.font = Font(bold=True)
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
    rows = {MONTHS_CODE: HEADER_ROW + 1}
    rows.update({code: HEADER_ROW + 2 + i for i, (code, _, _) in enumerate(LINES)})
    forms = {"A": "2033-A", "B": "2033-B", "D": text("finance.manual.detail", lang)}
    write_cell(sheet, rows[MONTHS_CODE], 1, MONTHS_CODE)
    write_cell(sheet, rows[MONTHS_CODE], 3, text("finance.manual.months", lang))
    for code, form, total in LINES:
        row = rows[code]
        write_cell(sheet, row, 1, code)
        write_cell(sheet, row, 2, forms[form])
        write_cell(sheet, row, 3, line_label(code, lang)).font = Font(bold=total)
    for index in range(len(dates[:MAX_YEARS])):
        col = FIRST_YEAR_COLUMN + index
        letter = get_column_letter(col)
        year = years[index] if years else None
        write_cell(sheet, rows[MONTHS_CODE], col, year.months if year else 12)
        for code, _, total in LINES:
            if total and code in FORMULAS:
                parts = "".join(f"{'+' if sign > 0 else '-'}{letter}{rows[c]}" for sign, c in FORMULAS[code]
                                if c in rows)
                cell = write_formula(sheet, rows[code], col, parts.lstrip("+"))
                cell.fill = _GREY
            else:
                cell = write_cell(sheet, rows[code], col,
                                  float(year.values[code]) if year and code in year.values else None)
            cell.number_format = "#,##0.00"
    sheet.column_dimensions["C"].width = 62
    for col in range(FIRST_YEAR_COLUMN, FIRST_YEAR_COLUMN + MAX_YEARS):
        sheet.column_dimensions[get_column_letter(col)].width = 16
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, FIRST_YEAR_COLUMN)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _closing(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10]) if value is not None else None
    except ValueError:
        return None


def parse_template(data: bytes, siren: str | None = None) -> list[ManualYear]:
    """Read a filled template. Totals are recomputed from the lines, never read."""
    try:
        book = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise FecError("manual.error.not_xlsx") from None
    if SHEET not in book.sheetnames:
        raise FecError("manual.error.sheet", sheet=SHEET)
    grid = list(book[SHEET].iter_rows(values_only=True))
    header = grid[HEADER_ROW - 1] if len(grid) >= HEADER_ROW else ()
    columns = {i: _closing(v) for i, v in enumerate(header) if i >= FIRST_YEAR_COLUMN - 1 and v is not None}
    bad = [header[i] for i, d in columns.items() if d is None]
    if bad:
        raise FecError("manual.error.header_date", value=str(bad[0])[:30])
    if not columns:
        raise FecError("manual.error.no_year")
    inputs = {code for code, _, total in LINES if not total}
    years = {i: ManualYear(d, {}, 12, siren) for i, d in columns.items()}
    for number, row in enumerate(grid[HEADER_ROW:], start=HEADER_ROW + 1):
        code = str(row[0]).strip() if row and row[0] is not None else ""
        if code != MONTHS_CODE and code not in inputs:
            continue
        for i, year in years.items():
            raw = row[i] if i < len(row) else None
            amount = parse_amount(raw, code, year.closing_date.isoformat(), f"{get_column_letter(i + 1)}{number}")
            if code == MONTHS_CODE:
                year.months = int(amount) if amount else 12
            elif amount:
                year.values[code] = amount
    filled = [y for y in years.values() if y.values]
    if not filled:
        raise FecError("manual.error.empty")
    return filled[:MAX_YEARS]
