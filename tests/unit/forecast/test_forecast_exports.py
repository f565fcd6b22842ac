"""The exports of a computed forecast (the sample café plan): in the workbook, every formula recomputes the
engine's figure beside it (totals, SIG, balances, loan schedules), no text cell is a formula even when the
user typed one, and the bilan's totals are equal; the PDF dossier parses and holds each part."""
from __future__ import annotations

import io

import openpyxl
import pytest
from forecast_app_helpers import evaluate, pdf_text
from forecast_helpers import sample_plan

from forecast import scenarios, tables
from forecast.engine import compute
from forecast.export_pdf import dossier
from forecast.export_xlsx import FIRST_ROW, workbook

EVIL = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture(scope="module")
def computed():
    plan = sample_plan(revenue__0__name=EVIL)
    return plan, compute(plan)


@pytest.fixture(scope="module")
def extra(computed):
    plan, result = computed
    return [tables.scenarios(scenarios.compare(plan), result, "fr"), tables.sensitivity(scenarios.sensitivity(plan),
                                                                                         "fr")]


@pytest.fixture(scope="module")
def book(computed, extra):
    plan, result = computed
    built = tables.all_tables(plan, result, "fr", extra=extra)
    return built, openpyxl.load_workbook(io.BytesIO(workbook(built)))


def test_every_formula_gives_the_engine_s_figure(book):
    built, wb = book
    checked = 0
    for table, sheet in zip(built, wb.worksheets, strict=True):
        values = evaluate(sheet)
        for i, row in enumerate(table.rows):
            for j, expected in enumerate(row.values):
                cell = sheet.cell(FIRST_ROW + i, 2 + j)
                if cell.data_type == "f" and isinstance(expected, (int, float)):
                    # the engine rounds each flow to the cent: a running balance may drift by cents
                    assert values[(cell.row, cell.column)] == pytest.approx(expected, abs=0.5), (
                        table.key, row.label, j, cell.value)
                    checked += 1
    assert checked > 300


def test_formulas_where_a_banker_expects_them(book):
    built, wb = book
    by_key = {t.key: (t, s) for t, s in zip(built, wb.worksheets, strict=True)}

    def formula(table_key: str, row_key: str, column: int = 0) -> str:
        table, sheet = by_key[table_key]
        index = next(i for i, r in enumerate(table.rows) if r.key == row_key)
        return str(sheet.cell(FIRST_ROW + index, 2 + column).value)

    assert formula("income_statement", "resultat_net").startswith("=")
    assert formula("income_statement", "ebe", 2).startswith("=")
    assert formula("financing_initial", "total_needs").startswith("=")
    assert formula("financing_initial", "balance").startswith("=")
    assert formula("cash_plan", "closing", 5).startswith("=") and formula("cash_plan", "opening", 5).startswith("=")
    assert formula("bilan", "total_actif").startswith("=") and formula("bilan", "total_passif").startswith("=")
    loan, sheet = by_key["loan_0"]
    assert str(sheet.cell(FIRST_ROW + 10, 2).value).startswith("=")      # payment = interest + principal
    assert str(sheet.cell(FIRST_ROW + 10, 5).value).startswith("=")      # remaining capital, running


def test_no_text_cell_is_a_formula(book):
    _, wb = book
    formulas = [(s.title, c.coordinate, c.value) for s in wb.worksheets for r in s.iter_rows() for c in r
                if c.data_type == "f"]
    assert all(not any(ch.isalpha() and ch.islower() for ch in str(v)) for _, _, v in formulas)
    assert all("HYPERLINK" not in str(v) for _, _, v in formulas)
    names = [c.value for s in wb.worksheets for r in s.iter_rows() for c in r if isinstance(c.value, str)
             and "HYPERLINK" in c.value]
    assert names and all(n.startswith("'=") for n in names)


def test_the_bilan_balances_in_the_workbook(book):
    built, wb = book
    table, sheet = next((t, s) for t, s in zip(built, wb.worksheets, strict=True) if t.key == "bilan")
    values = evaluate(sheet)
    rows = {r.key: FIRST_ROW + i for i, r in enumerate(table.rows)}
    for j in range(len(table.columns)):
        assert values[(rows["total_actif"], 2 + j)] == pytest.approx(values[(rows["total_passif"], 2 + j)], abs=0.5)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pdf_dossier_parses_and_holds_each_part(computed, lang):
    plan, result = computed
    extra = [tables.scenarios(scenarios.compare(plan), result, lang)]
    text = pdf_text(dossier(plan, result, lang, extra=extra))
    parts = {"fr": ["Prévisionnel financier", "Plan de financement initial", "Compte de résultat",
                    "Plan de trésorerie", "Seuil de rentabilité", "Tableau d'amortissement", "Paramètres légaux",
                    "Scénarios côte à côte", "Hypothèses — Lignes de chiffre d'affaires"],
             "en": ["Financial forecast", "Initial financing plan", "income statement", "Cash plan",
                    "Break-even", "Loan schedule", "Legal parameters", "Scenarios side by side"]}[lang]
    missing = [p for p in parts if p not in text]
    assert not missing and "Café des Halles" in text
