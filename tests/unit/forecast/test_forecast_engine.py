"""The engine on whole plans: calendar, VAT timing per regime and across 1 January 2027, IS solved with
the result, bilan balanced, financing plans consistent with the cash plan."""
from datetime import date

import pytest
from forecast_helpers import sample_dict, sample_plan

from forecast.engine import compute, exercices
from forecast.model import validate
from forecast.params import TABLE, Parameter


def simple(start="2026-01", closing="2026-12-31", vat="normal_monthly", price=1000.0, volume=10.0, **project):
    """One service line of 10,000 € HT a month at 20 % VAT, paid cash, nothing else."""
    return validate({"project": {"name": "Test", "start": start, "first_closing": closing, "vat_regime": vat,
                                 **project},
                     "revenue": [{"name": "Service", "price": price, "monthly_volume": volume, "vat_rate": 0.2}]})


def vat_by_month(result) -> dict[str, float]:
    return {m: v for m, v in zip(result.months, result.cash_plan["rows"]["vat"], strict=True) if v}


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


def test_vat_monthly_ca3_paid_the_month_after():
    paid = vat_by_month(compute(simple()))
    assert paid["2026-02"] == -2000 and paid["2028-12"] == -2000
    assert "2026-01" not in paid and len(paid) == 35  # December of year 3 is paid after the plan


def test_vat_quarterly_ca3():
    paid = vat_by_month(compute(simple(vat="normal_quarterly")))
    assert paid["2026-04"] == -6000 and paid["2026-07"] == -6000 and "2026-05" not in paid


def test_vat_simplifie_ends_on_1_january_2027():
    """A réel simplifié plan started in 2026: 2026 is declared on the CA12 of May 2027 (no acomptes the first
    year); from January 2027 the company files quarterly CA3 (turnover under 1 M€)."""
    result = compute(simple(vat="simplifie"))
    paid = vat_by_month(result)
    assert paid["2027-05"] == -24_000  # the whole 2026 VAT on the CA12
    assert paid["2027-04"] == -6000  # Q1 2027, the first quarterly CA3
    assert "2026-07" not in paid and "2026-12" not in paid  # no acomptes the first year
    assert result.monthly["vat_regime"][11] == "simplifie" and result.monthly["vat_regime"][12] == "quarterly"
    assert any(a.key == "forecast.alert.simplifie_ends" for a in result.alerts)
    used = {(p["key"], p["valid_from"]) for p in result.parameters}
    assert ("vat.simplifie.available", "2027-01-01") in used and ("vat.simplifie.available", "2000-01-01") in used


def test_vat_simplifie_acomptes_in_its_second_year():
    result = compute(simple(start="2025-01", closing="2025-12-31", vat="simplifie"))
    paid = vat_by_month(result)
    assert paid["2026-05"] == -24_000  # CA12 of 2025
    assert paid["2026-07"] == pytest.approx(-0.55 * 24_000) and paid["2026-12"] == pytest.approx(-0.40 * 24_000)
    assert paid["2027-05"] == pytest.approx(-24_000 * 0.05)  # CA12 of 2026: the balance
    assert paid["2027-04"] == -6000


def test_vat_franchise_until_the_ceiling_is_passed():
    # 10,000 € a month of services: the prorated upper ceiling (41,250 € × 12/12) is passed in May 2026
    result = compute(simple(vat="franchise"))
    regimes = result.monthly["vat_regime"]
    assert regimes[:4] == ["franchise"] * 4 and regimes[4] == "simplifie" and regimes[12] == "quarterly"
    alert = next(a for a in result.alerts if a.key == "forecast.alert.franchise_ends")
    assert alert.values["date"] == "2026-05"
    # a small activity under the base ceiling keeps the franchise all along
    small = compute(simple(vat="franchise", price=100.0, volume=20.0))
    assert set(small.monthly["vat_regime"]) == {"franchise"} and not vat_by_month(small)


def test_vat_franchise_makes_vat_on_costs_a_cost():
    data = sample_dict(project__vat_regime="franchise")
    franchise, normal = compute(validate(data)), compute(sample_plan())
    assert franchise.income_statement[0]["postes"]["autres_achats_charges_externes"] > \
        normal.income_statement[0]["postes"]["autres_achats_charges_externes"]
    assert franchise.depreciation[0].base == pytest.approx(38_000 * 1.2)


def test_corporate_tax_is_solved_with_the_result():
    result = compute(sample_plan())
    for statement in result.income_statement:
        sig = statement["sig"]
        assert statement["is_fixed_point"] and statement["caf_methods_agree"]
        assert sig["resultat_net"] == pytest.approx(sig["rcai"] - sig["impot_societes"], abs=0.01)
    # a plan that runs into overdraft: its interest lowers the result, so the IS, so the overdraft...
    data = sample_dict()
    data["financing"]["loans"] = []
    heavy = compute(validate(data))
    assert heavy.cash_plan["lowest"]["amount"] < 0
    assert heavy.income_statement[0]["iterations"] >= 2 and all(s["is_fixed_point"] for s in heavy.income_statement)
    assert any(a.key == "forecast.alert.negative_cash" for a in heavy.alerts)


def test_is_threshold_change_applies_from_the_exercice_it_opens():
    plan = simple(price=10_000.0, volume=10.0)  # 1.2 M€ a year, three calendar exercices from 2026
    raised = TABLE.with_rows(Parameter("is.reduced_threshold", date(2027, 1, 1), 100_000.0, "test"))
    base, later = compute(plan), compute(plan, raised)
    assert base.income_statement[0]["sig"]["impot_societes"] == later.income_statement[0]["sig"]["impot_societes"]
    profit = later.income_statement[1]["sig"]["rcai"]
    assert later.income_statement[1]["sig"]["impot_societes"] == pytest.approx(
        100_000 * 0.15 + (profit - 100_000) * 0.25, abs=0.01)
    assert base.income_statement[1]["sig"]["impot_societes"] == pytest.approx(
        42_500 * 0.15 + (profit - 42_500) * 0.25, abs=0.01)


def test_ir_company_pays_no_corporate_tax_and_draws_the_managers_pay():
    plan = sample_plan(project__legal_form="eurl", project__tax_regime="ir")
    result = compute(plan)
    assert all(s["sig"]["impot_societes"] == 0 for s in result.income_statement)
    assert result.financing_plan["years"][1]["needs"]["prelevements"] == pytest.approx(1800 * 12)
    assert all(b["balanced"] for b in result.bilan)


def test_bilan_balances_and_financing_plans_match_the_cash_plan():
    result = compute(sample_plan())
    for sheet in result.bilan:
        assert sheet["balanced"] and sheet["total_actif"] == sheet["total_passif"]
    for sheet, statement in zip(result.bilan, result.income_statement, strict=True):
        assert sheet["passif"]["resultat"] == statement["sig"]["resultat_net"]  # the same to the cent
    assert result.bilan[0]["passif"]["report_a_nouveau"] == 0
    assert result.bilan[1]["passif"]["report_a_nouveau"] == result.income_statement[0]["sig"]["resultat_net"]
    assert all(year["matches_cash_plan"] for year in result.financing_plan["years"])
    closing = result.cash_plan["closing"]
    assert result.bilan[-1]["actif"]["disponibilites"] == pytest.approx(max(0, closing[-1]), abs=0.01)


def test_initial_financing_plan_proposes_the_loan_that_balances_it():
    data = sample_dict()
    data["financing"]["loans"] = data["financing"]["loans"][1:]  # no launch loan
    initial = compute(validate(data)).financing_plan["initial"]
    assert not initial["balanced"] and initial["proposed_loan"] == pytest.approx(initial["gap"])
    data["financing"]["loans"].append({"name": "Balancing", "amount": initial["proposed_loan"], "rate": 0.04,
                                       "months": 60})
    assert compute(validate(data)).financing_plan["initial"]["gap"] == pytest.approx(0, abs=0.01)


def test_staff_employer_rate_from_the_rgdu_unless_given():
    result = compute(sample_plan())
    postes = result.income_statement[1]["postes"]  # 2028: everyone hired
    gross = (2300 + 2 * 1850 + 1000) * 12 + 1800 * 12  # staff + the manager's net pay (IS: a charge)
    assert postes["salaires"] == pytest.approx(gross, abs=0.01)
    # the apprentice's 5 % is given; the others follow the RGDU (well under a flat 42 %)
    assert postes["charges_sociales"] < 0.42 * (2300 + 2 * 1850) * 12 + 0.05 * 12_000 + 0.45 * 1800 * 12


def test_break_even_month_and_bfr_are_filled():
    result = compute(sample_plan())
    first = result.break_even[0]
    assert first["threshold"] and first["month_reached"] and first["month_reached"] >= "2026-09"
    assert {c["name"] for c in result.bfr[0]["components"]} >= {"stocks", "clients", "fournisseurs", "tva"}
    assert len(result.loans) == 2 and result.loans[0].payment > 0
    assert result.loans[0].schedule[0]["month"] == "2026-10" and len(result.loans[0].schedule) == 84


def test_regime_alerts_for_a_2027_start_and_quarterly_returns():
    late = compute(simple(start="2027-03", closing="2028-02-29", vat="simplifie"))
    assert set(late.monthly["vat_regime"]) == {"quarterly"}
    assert [a.key for a in late.alerts if "simplifie" in a.key] == ["forecast.alert.simplifie_unavailable"]
    quarterly = compute(simple(vat="normal_quarterly"))  # 24,000 € of VAT a year
    assert any(a.key == "forecast.alert.quarterly_not_allowed" for a in quarterly.alerts)
    small = compute(simple(vat="normal_quarterly", price=100.0, volume=10.0))  # 2,400 € a year
    assert not any(a.key == "forecast.alert.quarterly_not_allowed" for a in small.alerts)


def test_parameters_used_say_which_figure_they_change():
    figures = {p["key"]: p["figure"] for p in compute(sample_plan()).parameters}
    assert figures["is.reduced_threshold"] == "income_statement.impot_societes"
    assert figures["social.rgdu"] == "charges_sociales" and all(p for p in figures.values())


def test_result_keys_are_the_documented_ones():
    from forecast import result as shape
    out = compute(sample_plan()).to_dict()
    assert tuple(out["financing_plan"]["initial"]["needs"]) == shape.INITIAL_NEEDS
    assert tuple(out["financing_plan"]["initial"]["resources"]) == shape.INITIAL_RESOURCES
    assert tuple(out["financing_plan"]["years"][0]["needs"]) == shape.YEARLY_NEEDS
    assert tuple(out["financing_plan"]["years"][0]["resources"]) == shape.YEARLY_RESOURCES
    assert tuple(out["cash_plan"]["rows"]) == shape.CASH_ROWS
    assert tuple(c["name"] for c in out["bfr"][0]["components"]) == shape.BFR_COMPONENTS
    assert tuple(out["bilan"][0]["actif"]) == shape.BILAN_ACTIF
    assert tuple(out["bilan"][0]["passif"]) == shape.BILAN_PASSIF


def test_simplifie_ceiling_alert():
    big = compute(simple(vat="simplifie", price=30_000.0, volume=1.0))  # 360,000 € of services in 2026
    assert [a.values["year"] for a in big.alerts if a.key == "forecast.alert.simplifie_ceiling"] == [2026]
    assert not any(a.key == "forecast.alert.simplifie_ceiling" for a in compute(simple(vat="simplifie")).alerts)
