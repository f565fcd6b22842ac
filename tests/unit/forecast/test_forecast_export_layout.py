"""The workbook and PDF writers on a hand-built table: formulas where the table asks for them (checked by
recomputing them), user text never a formula, the PDF parses and carries the table's text."""
from __future__ import annotations

import io

import openpyxl
import pytest

from forecast.export_xlsx import workbook
from forecast.pdf_layout import Dossier
from forecast.table import Table
from tests.unit.forecast.forecast_app_helpers import evaluate, pdf_text

MONTHS = tuple(f"M{i}" for i in range(1, 13))


def cash_table() -> Table:
    table = Table("cash", "Plan de trésorerie", MONTHS, label_heading="Mois", total_column="Total")
    receipts = [1000.0 * (i % 3) for i in range(12)]
    payments = [700.0] * 12
    closing, balance = [], 500.0
    for r, p in zip(receipts, payments, strict=True):
        balance += r - p
        closing.append(balance)
    table.add("Trésorerie début", [500.0, *closing[:-1]], key="opening", formula="{closing@prev}", flow=False)
    table.add("Encaissements", receipts, key="receipts")
    table.add('=HYPERLINK("http://evil")', payments, key="payments")
    table.add("Trésorerie fin", closing, key="closing", formula="{opening}+{receipts}-{payments}", flow=False,
              bold=True, highlight=(closing.index(min(closing)),))
    return table


def test_formulas_recompute_the_values_and_user_text_stays_text():
    table = cash_table()
    book = openpyxl.load_workbook(io.BytesIO(workbook([table])))
    sheet = book["Plan de trésorerie"]
    assert sheet["B4"].value == 500.0 and sheet["C4"].value == "=B7"        # running balance
    assert sheet["B7"].value == "=B4+B5-B6"
    assert sheet["N5"].value == "=SUM(B5:M5)" and sheet["N7"].value is None  # balances are not summed
    label = sheet["A6"]
    assert label.data_type == "s" and label.value.startswith("'=")           # spreadsheet-safe, not a formula
    values = evaluate(sheet)
    for i, row in enumerate(table.rows):
        for j, expected in enumerate(row.values):
            assert values[(4 + i, 2 + j)] == pytest.approx(expected)
    assert values[(5, 14)] == pytest.approx(sum(table.row("receipts").values))
    formulas = [c.coordinate for r in sheet.iter_rows() for c in r if c.data_type == "f"]
    assert all(c[0] != "A" for c in formulas)                                # never in the label column


def test_wrong_number_of_values_is_refused():
    with pytest.raises(ValueError):
        Table("t", "T", ("A", "B")).add("x", [1.0])


def test_pdf_parses_and_holds_the_table():
    pdf = Dossier("fr", "Pilote PME")
    pdf.cover("Prévisionnel financier", ["Boulangerie Dupont"])
    table = cash_table()
    pdf.draw_table(table)
    text = pdf_text(bytes(pdf.output()))
    assert "Boulangerie Dupont" in text and "Plan de trésorerie" in text and "Trésorerie fin" in text
    last = table.row("closing").values[-1]
    assert f"{last:,.0f}".replace(",", " ") in text and "Pilote PME — 2" in text
