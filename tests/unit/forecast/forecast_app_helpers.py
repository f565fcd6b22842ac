"""Recompute a worksheet's formulas (cell references, + - * /, SUM of a range) to check the formulas the
forecast workbook writes give the figures the engine computed. Only what the export writes is supported."""
from __future__ import annotations

import re

from openpyxl.utils import column_index_from_string

_RANGE = re.compile(r"SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)")
_CELL = re.compile(r"\b([A-Z]+)(\d+)\b")
_ARITHMETIC = re.compile(r"^[-+*/(). 0-9eE]*$")


def evaluate(sheet) -> dict[tuple[int, int], float]:
    cells = {(c.row, c.column): c.value for row in sheet.iter_rows() for c in row if c.value is not None}
    done: dict[tuple[int, int], float] = {}

    def value(pos: tuple[int, int]) -> float:
        if pos in done:
            return done[pos]
        raw = cells.get(pos, 0)
        if isinstance(raw, str) and raw.startswith("="):
            expr = _RANGE.sub(lambda m: "(" + "+".join(
                repr(value((r, c)))
                for r in range(int(m.group(2)), int(m.group(4)) + 1)
                for c in range(column_index_from_string(m.group(1)), column_index_from_string(m.group(3)) + 1)
            ) + ")", raw[1:])
            expr = _CELL.sub(lambda m: repr(value((int(m.group(2)), column_index_from_string(m.group(1))))), expr)
            assert _ARITHMETIC.match(expr), f"unsupported formula {raw!r}"
            result = float(eval(expr)) if expr.strip() else 0.0  # noqa: S307 (arithmetic only, checked above)
        elif isinstance(raw, (int, float)):
            result = float(raw)
        else:
            result = 0.0
        done[pos] = result
        return result

    return {pos: value(pos) for pos, raw in cells.items() if not isinstance(raw, str) or raw.startswith("=")}


def pdf_text(data: bytes) -> str:
    """The PDF's text by Debian's pdftotext (poppler-utils), spaces made plain (French numbers use narrow ones).
    Parsing fails loudly on a broken file."""
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        import pytest
        pytest.skip("pdftotext (Debian's poppler-utils) is not installed: apt-get install poppler-utils")
    assert data[:5] == b"%PDF-"
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return out.decode("utf-8").replace("\u202f", " ").replace("\xa0", " ")
