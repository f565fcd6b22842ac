"""Cells of the spreadsheets we write (CSV files and .xlsx workbooks) that people open in Excel.

A cell starting with = + - @ (or a tab/CR) is run as a formula by Excel and LibreOffice; visitors and
users control some of our text (user agents, page paths, names, FEC labels), so such cells get a
leading apostrophe. One rule for every spreadsheet: CSV writers pass each value through
`spreadsheet_safe`; .xlsx writers write every cell with `write_cell` (or rows with `append_row`),
never `sheet.cell(..., value)` or `sheet[...] = value` directly. A formula we compute ourselves is
written with `write_formula`, which takes only our own formula text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # openpyxl is imported by the workbook writers, not by every CSV writer
    from openpyxl.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_cell(sheet: Worksheet, row: int, column: int, value) -> Cell:
    """Write one workbook cell; text is always stored as text (never a formula), numbers as numbers."""
    cell = sheet.cell(row, column)
    cell.value = spreadsheet_safe(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def append_row(sheet: Worksheet, values: Iterable) -> list[Cell]:
    """Write `values` as the next row of the sheet, each cell with `write_cell`."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    return [write_cell(sheet, row, column, value) for column, value in enumerate(values, start=1)]


def write_formula(sheet: Worksheet, row: int, column: int, formula: str) -> Cell:
    """Write a formula the code built from its own parts (cell references, operators), never user text."""
    cell = sheet.cell(row, column)
    cell.value = formula if formula.startswith("=") else "=" + formula
    return cell


def sheet_name(title: str, used: set[str]) -> str:
    """A worksheet name Excel accepts (31 characters, none of []:*?/\\'), unique among `used` (updated)."""
    base = re.sub(r"[\[\]:*?/\\']", "-", title)[:31]
    name, n = base, 2
    while name in used:
        name, n = f"{base[:27]}-{n}", n + 1
    used.add(name)
    return name
