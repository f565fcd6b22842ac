"""Sizing formulas with worked numbers (finance.md §6.2 W8, §5.1 "addition des marchés") and the verdict."""
from __future__ import annotations

import pytest

from market import sizing


def test_w8_capacity_times_revenue_per_square_metre():
    # cours-bts-mco.fr/ca-potentiel: 1,000 m² × 1,200 €/m²/month × 12 = 14,400,000 €/year
    assert sizing.bottom_up_capacity(1_000, 1.0, 1_200, 12) == 14_400_000
    assert sizing.bottom_up_capacity(1_000, 0.5, 1_200, 12) == 7_200_000


def test_addition_des_marches():
    # 2,000 declared buyers × 50 % × 100 €/month × 12 = 1,200,000 €
    assert sizing.addition_des_marches(2_000, 0.5, 100) == 1_200_000


def test_top_down_by_hand():
    # 22,000 inhabitants / 2.2 = 10,000 households × 960 € bread × 55 % to bakeries × 1.05 disparity
    assert sizing.top_down(22_000, 960, 0.55, 1.05) == pytest.approx(5_544_000)
    assert sizing.top_down(10_000, 960, 0.55, household_size=1) == pytest.approx(5_280_000)
    with pytest.raises(ValueError):
        sizing.top_down(1, 1, 1, household_size=0)


def test_customers_frequency_basket_and_default_share():
    assert sizing.bottom_up_customers(800, 150, 4.5) == 540_000
    assert sizing.default_share(0) == 1
    assert sizing.default_share(9) == pytest.approx(0.1)
    assert sizing.reachable(5_544_000, sizing.default_share(10)) == pytest.approx(504_000)


def test_forecast_against_the_market():
    market, reach = 5_000_000, 500_000
    checks = sizing.compare([300_000, 600_000, 900_000, 1], market, reach)
    assert [c.year for c in checks] == [1, 2, 3]  # years 1 to 3 only
    assert [c.verdict for c in checks] == [sizing.WITHIN, sizing.AMBITIOUS, sizing.OUT_OF_REACH]
    assert checks[1].implied_share == pytest.approx(0.12) and checks[1].ratio == pytest.approx(1.2)
    assert sizing.worst(checks) == sizing.OUT_OF_REACH
    assert sizing.compare([6_000_000], market, reach)[0].verdict == sizing.ABOVE_MARKET
    assert sizing.worst([]) is None
