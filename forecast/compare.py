"""Two versions of a forecast compared line by line: what changed in the inputs, and how each output line
moved (both values and the difference, per column). Pure: the page and the tests call it."""
from __future__ import annotations

from typing import Any

from forecast.table import Table
from i18n import t


def flatten(document: Any, prefix: str = "") -> dict[str, Any]:
    """{"revenue[0].price": 14.5, ...}: every leaf of a plan document by its path."""
    if isinstance(document, dict):
        out: dict[str, Any] = {}
        for key, value in document.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(document, list) and document and all(isinstance(v, dict) for v in document):
        out = {}
        for index, value in enumerate(document):
            out.update(flatten(value, f"{prefix}[{index}]"))
        return out
    return {prefix: document}


def changed_inputs(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(path, value before, value after) for each input that differs, in the plan's order."""
    a, b = flatten(before), flatten(after)
    paths = list(a) + [p for p in b if p not in a]
    return [(p, a.get(p), b.get(p)) for p in paths if a.get(p) != b.get(p)]


def compare(before: Table, after: Table, labels: tuple[str, str], lang: str) -> Table:
    """The rows of both tables side by side: for each column, the value of each version and the
    difference (after - before). Rows are matched by key (or label); a row missing on one side counts as 0."""
    delta = t("forecast_ui.compare.delta", lang)
    heads = []
    for column in before.columns:
        heads += [f"{column} — {labels[0]}", f"{column} — {labels[1]}", f"{column} — {delta}"]
    table = Table(f"compare_{before.key}", before.title, tuple(heads), label_heading=before.label_heading)
    after_rows = {r.key or r.label: r for r in after.rows}
    for row in before.rows:
        other = after_rows.get(row.key or row.label)
        if row.kind == "text":
            continue
        values: list[float | None] = []
        for j, value in enumerate(row.values):
            new = other.values[j] if other is not None and j < len(other.values) else None
            old_number = value if isinstance(value, (int, float)) else None
            new_number = new if isinstance(new, (int, float)) else None
            delta = None if old_number is None and new_number is None else (new_number or 0) - (old_number or 0)
            values += [old_number, new_number, delta]
        table.add(row.label, values, key=row.key, kind=row.kind, bold=row.bold)
    return table
