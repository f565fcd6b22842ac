"""The forecast's plotly charts: the lowest cash point is the one marked, numbers follow the language,
the break-even lines cross at the threshold, the financing donut leaves out empty resources."""
from __future__ import annotations

import pytest

from forecast import charts


def test_the_cash_curve_marks_the_first_lowest_month():
    fig = charts.cash_curve(["janv.", "févr.", "mars", "avr."], [500.0, -1200.0, -1200.0, 300.0], "fr")
    marker = fig.data[1]
    assert list(marker.x) == ["févr."] and list(marker.y) == [-1200.0]
    assert "Point bas" in marker.text[0] and "1\u202f200" in marker.text[0]
    assert fig.layout.separators == ", "
    assert charts.cash_curve(["Jan"], [1.0], "en").layout.separators == ".,"


def test_break_even_lines_cross_at_the_threshold():
    fixed, rate = 30_000.0, 0.4
    threshold = fixed / (1 - rate)
    fig = charts.break_even(80_000.0, fixed, rate, threshold, "fr")
    revenue, costs = fig.data[0], fig.data[1]
    slope = (costs.y[1] - costs.y[0]) / (costs.x[1] - costs.x[0])
    assert costs.y[0] + slope * threshold == pytest.approx(threshold)      # revenue = total costs there
    assert list(revenue.x) == list(revenue.y)
    assert fig.data[3].x[0] == threshold


def test_financing_donut_and_yearly_bars():
    fig = charts.financing([("Capital", 30_000.0), ("Emprunts", 70_000.0), ("Subventions", 0.0)], "en")
    assert list(fig.data[0].labels) == ["Capital", "Emprunts"]
    yearly = charts.yearly(["Y1", "Y2", "Y3"], [100.0, 120.0, 130.0], [90.0, 100.0, 105.0], [10.0, 20.0, 25.0],
                           "en")
    assert [d.type for d in yearly.data] == ["bar", "bar", "scatter"] and list(yearly.data[2].y) == [10, 20, 25]
