"""Dated legal parameters: one table, each rule in its own period, every row with a source."""
from datetime import date

import numpy as np
import pytest

from forecast.params import PARAMETERS, TABLE, Parameter, employer_rate, employer_rates, lookup, rgdu_reduction


def test_every_parameter_has_a_source_and_a_kind():
    assert all(p.source and p.kind in ("law", "practice") for p in PARAMETERS)


def test_values_change_on_their_date():
    assert lookup("vat.simplifie.available", date(2026, 12, 31)) is True
    assert lookup("vat.simplifie.available", date(2027, 1, 1)) is False
    assert lookup("is.reduced_threshold", date(2022, 12, 31)) == 38_120
    assert lookup("is.reduced_threshold", date(2026, 9, 1)) == 42_500
    assert lookup("micro.social_rates", date(2025, 6, 1))["bnc"] == 0.246
    assert lookup("micro.social_rates", date(2026, 6, 1))["bnc"] == 0.256
    assert lookup("social.smic_monthly", date(2026, 1, 1)) == 1823.03


def test_a_variant_table_adds_a_future_rule_without_touching_the_past():
    raised = TABLE.with_rows(Parameter("is.reduced_threshold", date(2027, 1, 1), 100_000.0, "test"))
    assert raised.value("is.reduced_threshold", date(2026, 12, 31)) == 42_500
    assert raised.value("is.reduced_threshold", date(2027, 1, 1)) == 100_000
    assert TABLE.value("is.reduced_threshold", date(2027, 1, 1)) == 42_500


def test_rgdu_2026_at_the_smic_and_one_and_a_half_smic():
    rgdu, smic = lookup("social.rgdu", date(2026, 1, 1)), 1823.03
    assert rgdu_reduction(smic, smic, rgdu) == pytest.approx(0.4021, abs=1e-4)  # ≈ 40 % at the SMIC
    assert rgdu_reduction(1.5 * smic, smic, rgdu) == pytest.approx(0.1336, abs=1e-4)  # ≈ 13 % at 1.5 SMIC
    assert rgdu_reduction(3 * smic, smic, rgdu) == 0
    low, high = employer_rate(smic, date(2026, 3, 1)), employer_rate(4000, date(2026, 3, 1))
    assert low < 0.05 < high < 0.42 and employer_rate(10_000, date(2026, 3, 1)) == 0.42


def test_vectorised_employer_rates_match_the_scalar_rule():
    months = [date(2025, 12, 1), date(2026, 1, 1), date(2027, 6, 1)]
    gross = np.array([[0.0, 1.0, 1823.03], [2500.0, 2734.5, 5469.09], [5469.1, 9000.0, 500.0]])
    expected = [[employer_rate(g, d) if g > 0 else 0.42 for g, d in zip(row, months, strict=True)] for row in gross]
    assert np.allclose(employer_rates(gross, months), expected)
