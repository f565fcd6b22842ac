"""The forecast as an Excel workbook: one sheet per table, numbers as numbers, and formulas where a banker
expects them (totals, results, running cash balances), so that the workbook recomputes when a figure is
changed. Text cells (labels the user typed, sources) go through storage.csvsafe's spreadsheet rule and are
written as strings: no user text ever becomes a formula.
"""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from forecast.table import Row, Table, expand, expand_columns
from storage.csvsafe import sheet_name, write_cell, write_formula

FORMATS = {"money": "#,##0.00", "pct": "0.0%", "number": "#,##0.##"}
FIRST_ROW = 4           # row 1 title, row 2 note, row 3 headings
_HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
_LOW_FILL = PatternFill("solid", fgColor="F8CBAD")


def _text(sheet: Worksheet, row: int, column: int, value: str, **style) -> None:
    cell = write_cell(sheet, row, column, str(value))  # a string, whatever it starts with
    for name, option in style.items():
        setattr(cell, name, option)


def write_table(sheet: Worksheet, table: Table) -> None:
    _text(sheet, 1, 1, table.title, font=Font(bold=True, size=13))
    if table.note:
        _text(sheet, 2, 1, table.note, font=Font(italic=True, size=9))
    headings = [table.label_heading, *table.columns] + ([table.total_column] if table.total_column else [])
    for col, heading in enumerate(headings, start=1):
        _text(sheet, 3, col, heading, font=Font(bold=True, color="FFFFFF"), fill=_HEAD_FILL)
    line_of = {row.key: FIRST_ROW + i for i, row in enumerate(table.rows) if row.key}
    last_col = get_column_letter(1 + len(table.columns))
    for i, row in enumerate(table.rows):
        line = FIRST_ROW + i
        _text(sheet, line, 1, row.label, font=Font(bold=row.bold))
        for j, value in enumerate(row.values):
            _value(sheet, line, 2 + j, row, j, value, line_of)
            if j in table.column_formulas and isinstance(value, (int, float)) and not (
                    i == 0 and "@prev" in table.column_formulas[j]):
                def cell_of(column: int, previous: bool, line: int = line) -> str:
                    return f"{get_column_letter(2 + column)}{line - 1 if previous else line}"
                write_formula(sheet, line, 2 + j, expand_columns(table.column_formulas[j], cell_of))
        if table.total(row) is not None:
            cell = write_formula(sheet, line, 2 + len(table.columns), f"SUM(B{line}:{last_col}{line})")
            cell.number_format, cell.font = FORMATS["money"], Font(bold=True)
    sheet.column_dimensions["A"].width = min(60, max(18, *(len(str(r.label)) + 2 for r in table.rows)))
    for col in range(2, len(headings) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 14
    sheet.freeze_panes = "B4"


def _value(sheet: Worksheet, line: int, col: int, row: Row, j: int, value, line_of: dict[str, int]) -> None:
    formula = row.formula_for(j)
    if row.kind == "text" or isinstance(value, str):
        if value not in (None, ""):
            _text(sheet, line, col, value)
        return
    if formula:
        def cell_of(key: str, previous: bool) -> str:
            return f"{get_column_letter(col - 1 if previous else col)}{line_of[key]}"
        cell = write_formula(sheet, line, col, expand(formula, cell_of))
    else:
        cell = write_cell(sheet, line, col, value)
    cell.number_format = FORMATS.get(row.kind, FORMATS["money"])
    if row.bold:
        cell.font = Font(bold=True)
    if j in row.highlight:
        cell.fill = _LOW_FILL


def workbook(tables: list[Table]) -> bytes:
    """The .xlsx bytes, one sheet per table in the given order."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        write_table(book.create_sheet(sheet_name(table.title, used)), table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
