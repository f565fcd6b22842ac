"""Formulas of §4.5, §4.6 and §4.10 on the worked examples of §6.2 (W4-W7, W9)."""
from datetime import date

import numpy as np
import pytest

from forecast.bfr import bfr_normatif, component
from forecast.breakeven import break_even, break_even_units, month_reached
from forecast.params import TABLE, Parameter
from forecast.tax import corporate_tax, payments, solde_month


def test_w4_break_even():
    out = break_even(100_000, 400_000, 280_000)
    assert out["contribution_rate"] == pytest.approx(0.30)
    assert out["threshold"] == pytest.approx(333_333.33, abs=0.01)
    assert out["days"] == pytest.approx(300)  # 360-day basis
    assert break_even(100_000, 400_000, 280_000, days_in_period=365)["days"] == pytest.approx(304.2, abs=0.1)
    assert out["safety_margin"] == pytest.approx(66_666.67, abs=0.01)
    assert out["safety_index"] == pytest.approx(1 / 6)


def test_w5_break_even_in_units():
    assert break_even_units(60_000, 100, 25) == 800
    assert break_even(60_000, 100 * 1000, 25 * 1000)["threshold"] == pytest.approx(80_000)
    assert break_even_units(60_000, 25, 25) is None


def test_w6_monthly_break_even():
    out = break_even(4_000, 10_000, 3_000)
    assert out["contribution_rate"] == pytest.approx(0.70)
    assert round(out["threshold"]) == 5_714


def test_break_even_month_with_seasonality():
    revenue = np.array([10.0, 10, 50, 50, 10])
    assert month_reached(revenue, 70) == 2
    assert month_reached(revenue, 200) is None and month_reached(revenue, None) is None


def test_w7_bfr_normatif_component():
    stock = component("stocks", "emploi", 30, 12_000 / 20_000)
    assert stock["cs"] == pytest.approx(0.6) and stock["days"] == pytest.approx(18)
    out = bfr_normatif([stock, component("fournisseurs", "ressource", 10, 0.6)], 20_000)
    assert out["days"] == pytest.approx(12) and out["amount"] == pytest.approx(20_000 * 12 / 360)


@pytest.mark.parametrize("profit,eligible,expected", [
    (30_000, True, 4_500), (30_000, False, 7_500), (42_500, True, 6_375), (42_500, False, 10_625),
    (100_000, True, 20_750), (100_000, False, 25_000), (250_000, True, 58_250), (250_000, False, 62_500),
    (-5_000, True, 0)])
def test_w9_corporate_tax(profit, eligible, expected):
    assert corporate_tax(profit, 12, date(2026, 1, 1), TABLE, eligible=eligible) == pytest.approx(expected)


def test_reduced_rate_threshold_prorated_and_turnover_limit():
    # 18-month exercice: the 42,500 € threshold becomes 63,750 €
    assert corporate_tax(63_750, 18, date(2026, 7, 1), TABLE) == pytest.approx(63_750 * 0.15)
    assert corporate_tax(100_000, 12, date(2026, 1, 1), TABLE, turnover=12_000_000) == 25_000


def test_is_threshold_follows_the_exercice_opening_date():
    raised = TABLE.with_rows(Parameter("is.reduced_threshold", date(2027, 1, 1), 100_000.0, "test"))
    assert corporate_tax(100_000, 12, date(2026, 1, 1), raised) == pytest.approx(20_750)
    assert corporate_tax(100_000, 12, date(2027, 1, 1), raised) == pytest.approx(15_000)


def test_is_payment_dates():
    assert solde_month(date(2027, 12, 31)) == (2028, 5)
    assert solde_month(date(2027, 6, 30)) == (2027, 10)
    months = [date(2026 + (m + 8) // 12, (m + 8) % 12 + 1, 1) for m in range(40)]  # Sept 2026 ->
    spans = [(0, 15, date(2027, 12, 31)), (16, 27, date(2028, 12, 31)), (28, 39, date(2029, 12, 31))]
    cash = payments(months, spans, [10_000.0, 2_000.0, 8_000.0], TABLE)
    by_month = {months[m].isoformat()[:7]: v for m, v in enumerate(cash) if v}
    # no acompte in the first exercice; its IS brought to 12 months (7,500 € > 3,000 €) gives 4 acomptes
    # of 1,875 € in 2028
    assert by_month["2028-03"] == by_month["2028-06"] == by_month["2028-09"] == by_month["2028-12"] == -1875
    assert by_month["2028-05"] == -10_000  # solde of the first exercice
    assert by_month["2029-05"] == pytest.approx(5_500)  # 2,000 due - 7,500 paid: refunded
    assert "2029-03" not in by_month  # IS of 2028 below 3,000 €: no acomptes in 2029
