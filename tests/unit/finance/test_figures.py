"""Figures of the analysis page: the waterfall adds up, charts carry every year, deltas and lights are right."""
from __future__ import annotations

from datetime import date

import pytest

from finance import figures
from finance.demo import demo_fec, demo_years
from finance.manual import ManualYear, analyse_manual


@pytest.fixture(scope="module")
def years():
    return demo_years()


def test_waterfall_subtotals_are_the_running_sums(years):
    for year in years:
        running = 0.0
        for key, measure, amount in figures.waterfall_steps(year):
            if measure == "relative":
                running += amount
            else:
                assert running == pytest.approx(amount, abs=0.01), key
                assert amount == pytest.approx(float(year.sig[key]), abs=0.01)
        assert key == "resultat_net"
    fig = figures.sig_waterfall(years[0], "en")
    assert fig.data[0].type == "waterfall" and fig.data[0].x[-1] == "Net result"
    assert "31/12/2024" in fig.layout.title.text


def test_monthly_revenue_has_a_series_per_year_and_cash(years):
    fig = figures.monthly_revenue(years, "fr")
    bars = [d for d in fig.data if d.type == "bar"]
    assert [b.name for b in bars] == ["31/12/2023", "31/12/2024"]               # oldest first
    assert list(bars[1].x[:3]) == ["janv.", "févr.", "mars"] and len(bars[1].y) == 12
    assert sum(bars[1].y) == pytest.approx(float(years[0].sig["chiffre_affaires"]))
    assert fig.data[-1].type == "scatter" and fig.layout.separators == ", "


def test_manual_years_have_no_monthly_chart_but_a_waterfall():
    manual = analyse_manual([ManualYear(date(2024, 12, 31), {"210": 1000, "234": 600})])
    assert figures.monthly_revenue(manual, "fr") is None
    assert figures.sig_waterfall(manual[0], "fr").data


def test_balance_structure_columns_are_equal(years):
    fig = figures.balance_structure(years[0], "fr")
    totals: dict[str, float] = {}
    for trace in fig.data:
        totals[trace.x[0]] = totals.get(trace.x[0], 0) + trace.y[0]
    assert set(totals) == {"Emplois", "Ressources"}
    assert totals["Emplois"] == pytest.approx(totals["Ressources"], abs=0.01)
    assert len(figures.equilibrium(years, "fr").data) == 2


def test_key_figures_compare_with_previous_year(years):
    by_key = {f.key: f for f in figures.key_figures(years)}
    ca = by_key["chiffre_affaires"]
    assert ca.value == 388800 and ca.previous == 360000 and ca.change == 28800
    assert ca.change_pct == pytest.approx(0.08)
    assert by_key["bfr"].better == "neutral"
    assert figures.key_figures(years[:1])[0].previous is None


def test_ratio_rows_lights_formulas_and_thresholds(years):
    rows = {r["key"]: r for r in figures.ratio_rows(years, "fr")}
    assert rows["croissance_ca"]["31/12/2024"].startswith("8,0")
    assert rows["croissance_ca"]["31/12/2023"] == "–"                          # no N-2
    assert rows["autonomie_financiere"]["state"] in ("ok", "warn")
    assert rows["taux_valeur_ajoutee"]["state"] == "none"                      # no threshold
    assert rows["delai_clients"]["formula"].startswith("clients")
    assert "60" in rows["delai_clients"]["threshold"]
    assert figures.light("liquidite_generale", 0.5) == "warn" and figures.light("liquidite_generale", None) == "na"
    english = figures.ratio_rows(years, "en")
    assert english[0]["light"].endswith("Within the norm") or english[0]["state"] != "ok"


def test_demo_fec_validates_without_findings():
    from finance.analysis import inspect

    report, year = inspect(demo_fec(2024, 1.08), "999999999FEC20241231.txt")
    assert report.ok and not report.issues and year is not None
    assert all(check["ok"] for check in year.checks.values())


def test_seed_demo_analysis_once(db):
    from accounts import get_user_by_email
    from demo.seed import seed_accounts
    from finance.demo import seed_demo_analysis
    from finance.store import list_analyses

    seed_accounts()
    assert seed_demo_analysis() is not None
    assert seed_demo_analysis() is None                                        # already has one
    (saved,) = list_analyses(get_user_by_email("demo.user@example.com"))
    assert saved.years == "2024-12-31, 2023-12-31" and saved.siren == "999999999"
