"""Two versions compared line by line: the inputs that changed, and each output line of both with the change."""
from __future__ import annotations

from forecast_helpers import sample_dict

from forecast import compare, tables
from forecast.engine import compute
from forecast.model import Plan


def test_changed_inputs_lists_only_what_differs():
    before, after = sample_dict(), sample_dict(revenue__0__price=16.0, project__name="Café v2")
    after["charges"].append({"name": "Publicité", "amount": 300})
    changes = compare.changed_inputs(before, after)
    assert ("project.name", "Café des Halles", "Café v2") in changes
    assert ("revenue[0].price", 14.5, 16.0) in changes
    assert ("charges[4].name", None, "Publicité") in changes and ("charges[4].amount", None, 300) in changes
    assert len(changes) == 4
    assert compare.changed_inputs(before, sample_dict()) == []


def test_output_lines_side_by_side_with_the_difference():
    results = [compute(Plan.from_dict(d)) for d in (sample_dict(), sample_dict(revenue__0__price=16.0))]
    before, after = (tables.income_statement(r, "fr") for r in results)
    table = compare.compare(before, after, ("v1", "v2"), "fr")
    assert len(table.columns) == 3 * len(before.columns)
    revenue = table.row("chiffre_affaires").values
    for j in range(len(before.columns)):
        old, new, delta = revenue[3 * j: 3 * j + 3]
        assert old == before.row("chiffre_affaires").values[j] and new == after.row("chiffre_affaires").values[j]
        assert delta == new - old and delta > 0
