"""Loan tables (§4.7, W3, W11) and prorata temporis depreciation (§4.8, W10)."""
from datetime import date
from decimal import Decimal

import pytest

from forecast.depreciation import days360, dotations, full_schedule
from forecast.loans import loan_table


def money(value) -> float:
    return float(value)


def test_w3_annual_annuity_and_the_rounding_rule():
    table = loan_table(20_000, 0.05, 48, annual=True)
    assert table.payment == Decimal("5640.24")
    rows = [(float(p.interest), float(p.principal), float(p.remaining)) for p in table.periods]
    assert rows == [(1000.00, 4640.24, 15359.76), (767.99, 4872.25, 10487.51), (524.38, 5115.86, 5371.65),
                    (268.59, 5371.65, 0.0)]  # last interest = annuity - remaining (a naive rate gives 268.58)
    assert all(p.payment == Decimal("5640.24") for p in table.periods)
    assert [p.month for p in table.periods] == [12, 24, 36, 48]
    assert table.total_interest == Decimal("2560.96")


def test_w3_constant_principal():
    table = loan_table(20_000, 0.05, 48, annual=True, method="constant_principal")
    assert [money(p.payment) for p in table.periods] == [6000, 5750, 5500, 5250]
    assert [money(p.interest) for p in table.periods] == [1000, 750, 500, 250]
    assert table.payment == Decimal("6000.00") and table.periods[-1].remaining == 0


def test_w11_monthly_annuity():
    table = loan_table(100_000, 0.04, 60)
    assert table.payment == Decimal("1841.65")
    first = table.periods[0]
    assert (money(first.interest), money(first.principal)) == (333.33, 1508.32)
    assert len(table.periods) == 60 and table.periods[-1].remaining == 0
    assert 10_490 < money(table.total_interest) < 10_510  # ≈ 10,499 €: exact cents follow the rounding rule
    assert sum(p.principal for p in table.periods) == Decimal("100000.00")


def test_reference_check_25000_at_4_percent_over_60_months():
    assert loan_table(25_000, 0.04, 60).payment == Decimal("460.41")


def test_partial_deferral_pays_interest_only_then_repays_over_the_rest():
    table = loan_table(100_000, 0.04, 60, deferral_months=6)
    assert [money(p.payment) for p in table.periods[:6]] == [333.33] * 6
    assert all(p.remaining == Decimal("100000.00") for p in table.periods[:6])
    assert table.payment == loan_table(100_000, 0.04, 54).payment
    assert len(table.periods) == 60 and table.periods[-1].remaining == 0


def test_total_deferral_capitalises_the_interest():
    table = loan_table(100_000, 0.04, 60, deferral_months=2, deferral_kind="total")
    assert [money(p.payment) for p in table.periods[:2]] == [0, 0]
    assert money(table.periods[1].remaining) == pytest.approx(100_000 * (1 + 0.04 / 12) ** 2, abs=0.01)
    assert sum(p.principal for p in table.periods) == Decimal("100000.00")  # capitalised interest repaid too


def test_zero_rate_honour_like_loan():
    table = loan_table(10_000, 0.0, 36)
    assert table.total_interest == 0 and table.payment == Decimal("277.78")
    assert table.periods[-1].remaining == 0


@pytest.mark.parametrize("months,deferral,annual", [(0, 0, False), (13, 0, True), (24, 24, False), (24, 6, True)])
def test_impossible_loans_are_refused(months, deferral, annual):
    with pytest.raises(ValueError):
        loan_table(1000, 0.05, months, deferral_months=deferral, annual=annual)


def test_w10_prorata_temporis():
    assert days360(date(2026, 4, 15), date(2026, 12, 31)) == 256
    ends = [date(y, 12, 31) for y in range(2026, 2033)]
    values = [round(v, 2) for v in dotations(12_000, 5, date(2026, 4, 15), ends)]
    assert values == [1706.67, 2400.00, 2400.00, 2400.00, 2400.00, 693.33, 0.0]
    schedule = full_schedule(12_000, 5, date(2026, 4, 15), date(2026, 12, 31))
    assert [end.year for end, _ in schedule] == list(range(2026, 2032))
    assert round(sum(v for _, v in schedule), 2) == 12_000


def test_long_first_exercice_and_assets_not_depreciated():
    # 16-month first exercice (Sept 2026 -> Dec 2027): 480 days of use
    assert round(dotations(3600, 3, date(2026, 9, 1), [date(2027, 12, 31)])[0], 2) == 1600.00
    assert dotations(15_000, None, date(2026, 9, 1), [date(2027, 12, 31)]) == [0.0]
