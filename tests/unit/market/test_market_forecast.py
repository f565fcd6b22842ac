"""The market study against a real saved forecast (forecast.store, the contract of parallel.md)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from accounts import PermissionDenied, get_user_by_email
from demo.seed import seed_accounts
from forecast.store import save_forecast
from market import competition as comp
from market import forecasts, sizing
from market.study import Study, evaluate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "forecast"))
from forecast_helpers import sample_dict  # noqa: E402


def test_a_saved_forecast_is_checked_against_the_market(demo_data):
    seed_accounts()
    owner, other = get_user_by_email("demo.user@example.com"), get_user_by_email("demo.staff@example.com")
    forecast_id, _ = save_forecast(owner, "Café des Halles", sample_dict())
    assert forecasts.list_forecasts(owner) == [(forecast_id, "Café des Halles")]
    assert forecasts.list_forecasts(other) == []
    with pytest.raises(PermissionDenied):
        forecasts.revenues(other, forecast_id)
    revenues = forecasts.revenues(owner, forecast_id)
    assert len(revenues) == 3 and all(r > 100_000 for r in revenues)
    study = Study.for_activity("restaurant", comp.Area("departement", ("69",)))
    result = evaluate(study, revenues)
    assert [c.year for c in result.checks] == [1, 2, 3]
    assert result.checks[0].implied_share == pytest.approx(revenues[0] / result.market)
    assert result.checks[0].verdict == sizing.verdict(revenues[0], result.market, result.reachable)
