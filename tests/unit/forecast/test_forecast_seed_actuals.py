"""Seed a plan from a real FEC's analysis, sector templates, and actual vs forecast (shared/data/fec)."""
from datetime import date

import pytest

from finance import analyse
from forecast.actuals import actual_margin, compare
from forecast.engine import compute
from forecast.scenarios import Scenario, apply
from forecast.seed import TEMPLATES, from_template, plan_from_analysis, seasonality
from i18n import catalogue
from tests.conftest import SHARED_DATA, shared_file

FEC_DIR = SHARED_DATA / "fec"


@pytest.fixture(scope="module")
def year():
    return analyse(shared_file("fec", "123456789FEC20500930.txt"))[0]


def test_seasonality_from_a_monthly_series():
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    coefficients = seasonality(months, [100.0] * 6 + [200.0] * 6)
    assert coefficients[0] == pytest.approx(100 / 150, abs=1e-4) and coefficients[11] == pytest.approx(200 / 150,
                                                                                                      abs=1e-4)
    assert seasonality([], []) == [1.0] * 12
    assert seasonality(["2025-03"], [50.0])[2] == 1.0


def test_plan_seeded_from_a_real_fec(year):
    plan = plan_from_analysis(year, "Seeded")
    assert plan.project.start == date(2023, 5, 1) and plan.project.first_closing == date(2024, 4, 30)
    o = plan.opening
    equity = o.fixed_assets + o.stocks + o.receivables + o.cash - o.payables - o.financial_debts
    assert equity == pytest.approx(float(year.bilan["capitaux_propres"]), abs=0.05)
    assert o.cash == pytest.approx(124_818.33)
    result = compute(plan)
    assert all(b["balanced"] for b in result.bilan)
    # year 1 revenue = the analysed revenue brought to 12 months, with the last 12 months' shape
    assert result.income_statement[0]["sig"]["chiffre_affaires"] == pytest.approx(
        float(year.sig["chiffre_affaires"]) * 12 / 13, rel=1e-3)
    assert result.bilan[0]["passif"]["capital"] == pytest.approx(float(year.bilan["capitaux_propres"]), abs=0.05)
    goods = plan.revenue[0]
    assert goods.kind == "goods" and 0.3 < goods.purchase_value < 0.5  # (410,953 + 44,076) / 1,212,827


def test_actual_vs_forecast_on_the_same_months(year):
    plan = plan_from_analysis(year, "Check", start=date(2022, 4, 1))
    result = compute(plan)
    out = compare(result, year)
    assert [r["month"] for r in out["months"]] == year.series["months"]
    for row in out["months"]:
        assert row["revenue_gap"] == pytest.approx(row["revenue"] - row["revenue_plan"])
    m = out["margin"]
    assert m["volume_effect"] + m["rate_effect"] == pytest.approx(m["gap"], abs=0.01)
    assert m["revenue"] == pytest.approx(actual_margin(year)[0])
    keys = [a.key for a in out["explanations"]]
    assert keys[-1] == "forecast.actual.cash_gap"
    # a plan twice too optimistic: the FEC is behind it, by about half
    ambitious = compute(apply(plan, Scenario("x", volumes=2.0)))
    behind = compare(ambitious, year)
    first = behind["explanations"][0]
    assert first.key == "forecast.actual.revenue_behind" and 45 < first.values["pct"] < 55
    assert "€" in first.message("fr")


def test_no_common_month(year):
    plan = plan_from_analysis(year, "Later")
    assert compare(compute(plan), year)["explanations"][0].key == "forecast.actual.no_common_month"


@pytest.mark.parametrize("key", TEMPLATES)
def test_sector_templates_compute_and_are_named(key):
    plan = from_template(key, "Nouveau projet", date(2026, 9, 1))
    result = compute(plan)
    assert all(b["balanced"] for b in result.bilan) and f"forecast.template.{key}" in catalogue()
    assert plan.project.first_closing == date(2027, 8, 31)


def test_every_other_shipped_fec_seeds_a_balanced_plan():
    files = sorted(p for p in FEC_DIR.glob("*FEC*") if "123456789" not in p.name) if FEC_DIR.exists() else []
    if not files:
        pytest.skip(f"test data absent: {FEC_DIR}")
    for path in files:
        year = analyse(path)[0]
        result = compute(plan_from_analysis(year, path.name))
        assert all(b["balanced"] for b in result.bilan), path.name
