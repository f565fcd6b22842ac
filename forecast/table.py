"""A table of the forecast as the page, the Excel workbook and the PDF dossier all show it.

Each row holds its computed values (one per column), and may say how a spreadsheet recomputes them:
`formula` is a template over other rows of the same table, `{key}` being that row's cell in the same
column and `{key@prev}` its cell in the previous column (a running balance). The workbook writes the
formula, the page and the PDF show the values. `Table.total_column` adds a last column that sums each
row that is a flow (`flow=True`), as a SUM in the workbook. A table whose rows are periods (a loan
schedule) says instead how a column is computed from the others in the same row: `column_formulas`
maps a column to a template where `{c1}` is column 1 of the same row and `{c3@prev}` column 3 of the row
above (the first row keeps its value).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from i18n import format_number, format_percent

_REF = re.compile(r"\{([a-z0-9_]+)(@prev)?\}")
_COLUMN_REF = re.compile(r"\{c(\d+)(@prev)?\}")


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[float | str | None, ...]
    key: str = ""
    formula: str = ""           # e.g. "{revenue}-{costs}", "{closing@prev}", "SUM({a}:{b})"
    first_formula: str = ""     # the formula of the first column when it differs (a running balance)
    kind: str = "money"         # money | pct | number | text
    bold: bool = False
    flow: bool = True           # summed in the total column
    highlight: tuple[int, ...] = ()   # columns to highlight (the lowest cash point)

    def formula_for(self, column: int) -> str:
        if column == 0 and (self.first_formula or "@prev" in self.formula):
            return self.first_formula
        return self.formula


@dataclass
class Table:
    key: str
    title: str
    columns: tuple[str, ...]            # the value columns' headings (the label column comes first)
    rows: list[Row] = field(default_factory=list)
    label_heading: str = ""
    total_column: str = ""              # heading of the summing column, or "" for none
    note: str = ""                      # a sentence under the table (assumptions, sources)
    column_formulas: dict[int, str] = field(default_factory=dict)

    def add(self, label: str, values, **options) -> Row:
        row = Row(label, tuple(values), **options)
        if len(row.values) != len(self.columns):
            raise ValueError(f"{self.key}: {len(row.values)} values for {len(self.columns)} columns")
        self.rows.append(row)
        return row

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def total(self, row: Row) -> float | None:
        if not self.total_column or not row.flow or row.kind != "money":
            return None
        return sum(v for v in row.values if isinstance(v, (int, float)))

    def referenced_keys(self) -> set[str]:
        found = set()
        for row in self.rows:
            for text in (row.formula, row.first_formula):
                found |= {m.group(1) for m in _REF.finditer(text)}
        return found


def expand(formula: str, cell_of) -> str:
    """The formula with each {key} / {key@prev} replaced by cell_of(key, previous)."""
    return _REF.sub(lambda m: cell_of(m.group(1), bool(m.group(2))), formula)


def expand_columns(formula: str, cell_of) -> str:
    """The column formula with each {cN} / {cN@prev} replaced by cell_of(column N, previous row)."""
    return _COLUMN_REF.sub(lambda m: cell_of(int(m.group(1)), bool(m.group(2))), formula)


def display(value: object, kind: str, lang: str) -> str:
    """A cell as the page and the PDF write it: whole euros, percentages, numbers the local way."""
    if value is None or value == "":
        return "" if kind == "text" else "–"
    if not isinstance(value, (int, float)):
        return str(value)
    if kind == "pct":
        return format_percent(value, lang)
    if kind == "number":
        return format_number(value, lang, 0 if float(value).is_integer() else 2)
    return format_number(value, lang, 0)
