"""Cells written to CSV files that people open in a spreadsheet.

A cell starting with = + - @ (or a tab/CR) is run as a formula by Excel and LibreOffice; visitors and
users control some of our text (user agents, page paths, names), so such cells get a leading apostrophe.
"""
from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
