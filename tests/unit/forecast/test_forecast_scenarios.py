"""Scenarios and the ±10 % sensitivity table."""
import pytest
from forecast_helpers import sample_plan

from forecast.engine import compute
from forecast.scenarios import DETAILED_INPUTS, SCENARIOS, Scenario, apply, compare, sensitivity


def test_realistic_is_the_plan_itself():
    plan = sample_plan()
    assert apply(plan, Scenario("realistic")) == plan
    assert compare(plan)["realistic"]["net_result"] == [s["sig"]["resultat_net"]
                                                        for s in compute(plan).income_statement]


def test_scenarios_are_ordered():
    out = compare(sample_plan())
    assert list(out) == [s.name for s in SCENARIOS]
    low, mid, high = (out[k] for k in ("pessimistic", "realistic", "optimistic"))
    assert low["revenue"][0] < mid["revenue"][0] < high["revenue"][0]
    assert low["net_result"][2] < mid["net_result"][2] < high["net_result"][2]
    assert low["cash_end"] < mid["cash_end"] < high["cash_end"]


def test_multipliers_reach_each_input():
    plan = sample_plan()
    moved = apply(plan, Scenario("x", volumes=2, prices=1.5, costs=1.1, payment_delays=2))
    line, base = moved.revenue[1], plan.revenue[1]
    assert (line.monthly_volume, line.price, line.customer_days) == (12, 675, 90)
    assert line.purchase_value == pytest.approx(base.purchase_value * 1.1)  # unit cost
    percent = moved.revenue[0]  # share of the price: same cost per unit × 1.1
    assert percent.price * percent.purchase_value == pytest.approx(
        plan.revenue[0].price * plan.revenue[0].purchase_value * 1.1)
    assert moved.charges[0].amount == pytest.approx(2200 * 1.1)
    assert moved.staff[0].gross_monthly == pytest.approx(2300 * 1.1)


def test_sensitivity_table():
    assert [r["input"] for r in sensitivity(sample_plan())["rows"]] == ["prices", "volumes", "costs",
                                                                        "payment_delays"]
    table = sensitivity(sample_plan(), inputs=DETAILED_INPUTS)
    rows = {r["input"]: r for r in table["rows"]}
    assert list(rows) == ["prices", "volumes", "costs", "payment_delays", "purchases", "external_charges",
                          "staff_pay"]
    assert rows["prices"]["delta_plus"]["result_y3"] > 0 > rows["prices"]["delta_minus"]["result_y3"]
    for cost in ("costs", "purchases", "external_charges", "staff_pay"):
        assert rows[cost]["delta_plus"]["result_y3"] < 0 < rows[cost]["delta_minus"]["result_y3"]
    # later customers: less cash, same result (the traiteur line has a 45-day term)
    assert rows["payment_delays"]["delta_plus"]["result_y3"] == pytest.approx(0, abs=1.0)
    assert table["step"] == 0.10
