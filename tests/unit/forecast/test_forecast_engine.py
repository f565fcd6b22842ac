"""The engine's entry point and the calendar of a plan (any start month, first exercice 12-23 months)."""
from forecast_helpers import sample_plan

from forecast.engine import compute, exercices


def test_exercices_any_start_month_and_a_long_first_exercice():
    plan = sample_plan()  # September 2026 -> 31 December 2027: 16 months, then two calendar years
    ex = exercices(plan)
    assert [(e.start, e.end, e.months) for e in ex] == [
        ("2026-09-01", "2027-12-31", 16), ("2028-01-01", "2028-12-31", 12), ("2029-01-01", "2029-12-31", 12)]
    assert [(e.first_month, e.last_month) for e in ex] == [(0, 15), (16, 27), (28, 39)]
    result = compute(plan)
    assert result.months[0] == "2026-09" and result.months[-1] == "2029-12" and len(result.months) == 40


def test_a_twelve_month_exercice_starting_in_march():
    plan = sample_plan(project__start="2026-03", project__first_closing="2027-02-28")
    assert [(e.start, e.end) for e in exercices(plan)] == [
        ("2026-03-01", "2027-02-28"), ("2027-03-01", "2028-02-29"), ("2028-03-01", "2029-02-28")]
    assert len(compute(plan).months) == 36
