"""Social charges on their dates (§4.9, §4.12): TNS provisional then regularised, assimilé salarié M+1,
micro-entreprise rates on turnover by date, staff contributions M+1, and the micro ceilings."""
import pytest
from forecast_helpers import sample_plan

from forecast.engine import compute
from forecast.model import validate


def by_month(result, row):
    return dict(zip(result.months, result.cash_plan["rows"][row], strict=True))


def test_tns_provisional_then_regularised():
    result = compute(sample_plan())  # gérant TNS from January 2027, 1,800 € net a month, 45 %
    social = by_month(result, "social")
    staff = compute(sample_plan(manager__regime="none"))
    staff_social = by_month(staff, "social")
    manager = {m: round(social[m] - staff_social[m], 2) for m in social}
    provisional = round(9131.40 * 0.45 / 12, 2)  # flat base of the first two calendar years
    assert manager["2026-12"] == 0 and manager["2027-01"] == pytest.approx(-provisional, abs=0.01)
    assert manager["2028-06"] == pytest.approx(-provisional, abs=0.01)
    # 2027 regularised in November 2028: due 12 × 810 minus what was paid
    assert manager["2028-11"] == pytest.approx(-provisional - (12 * 810 - 12 * 9131.40 * 0.45 / 12), abs=0.05)
    # from 2029 the provisional payments follow the contributions due two years before (2027)
    assert manager["2029-03"] == pytest.approx(-810, abs=0.01)
    postes = result.income_statement[1]["postes"]
    assert postes["charges_sociales"] - staff.income_statement[1]["postes"]["charges_sociales"] == \
        pytest.approx(12 * 810, abs=0.01)


def test_acre_halves_the_first_year():
    with_acre = compute(sample_plan(manager__acre=True))
    without = compute(sample_plan())
    gap = without.income_statement[0]["postes"]["charges_sociales"] - \
        with_acre.income_statement[0]["postes"]["charges_sociales"]
    assert gap == pytest.approx(12 * 810 * 0.5, abs=0.01)  # 2027: the first 12 months of the manager


def test_assimile_salarie_paid_the_month_after():
    result = compute(sample_plan(project__legal_form="sas", manager__regime="assimile_salarie"))
    base = compute(sample_plan(manager__regime="none"))
    social, before = by_month(result, "social"), by_month(base, "social")
    assert social["2027-01"] == pytest.approx(before["2027-01"])
    assert social["2027-02"] - before["2027-02"] == pytest.approx(-1800 * 0.80)


def micro(start="2025-07", closing="2026-06-30", volume=5.0, activity="bnc"):
    return validate({"project": {"name": "Micro", "start": start, "first_closing": closing, "legal_form": "micro",
                                 "tax_regime": "ir", "vat_regime": "franchise", "activity": activity},
                     "revenue": [{"name": "Missions", "price": 1000, "monthly_volume": volume, "vat_rate": 0}],
                     "manager": {"regime": "micro"}})


def test_micro_rate_follows_the_date_of_the_turnover():
    result = compute(micro())
    social = by_month(result, "social")
    assert social["2025-08"] == pytest.approx(-5000 * 0.246)  # July 2025 turnover, 2025 BNC rate
    assert social["2026-02"] == pytest.approx(-5000 * 0.256)  # January 2026: 25.6 %
    assert all(s["sig"]["impot_societes"] == 0 for s in result.income_statement)
    used = {(p["key"], p["valid_from"]) for p in result.parameters}
    assert {("micro.social_rates", "2025-01-01"), ("micro.social_rates", "2026-01-01")} <= used


def test_micro_ceiling_alert():
    assert not [a for a in compute(micro()).alerts if a.key == "forecast.alert.micro_ceiling"]
    big = compute(micro(volume=8.0))  # 96,000 € a year of services, above 83,600 €
    years = [a.values["year"] for a in big.alerts if a.key == "forecast.alert.micro_ceiling"]
    assert 2026 in years and 2025 not in years  # 2025: six months only
    assert any(a.key == "forecast.alert.franchise_ends" for a in big.alerts)


def test_staff_contributions_paid_the_month_after():
    plan = validate({"project": {"name": "S", "start": "2026-01", "first_closing": "2026-12-31"},
                     "staff": [{"position": "A", "gross_monthly": 3000, "employer_rate": 0.3}]})
    social = by_month(compute(plan), "social")
    net = by_month(compute(plan), "net_pay")
    assert social["2026-01"] == 0 and social["2026-02"] == pytest.approx(-3000 * (0.22 + 0.3))
    assert net["2026-01"] == pytest.approx(-3000 * 0.78)
