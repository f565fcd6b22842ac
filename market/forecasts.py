"""The bridge to the user's forecasts (the forecast issue's `forecast.store`), used only for the
comparison with the reachable revenue. Where the forecast module is not installed, or the user has no
forecast, `list_forecasts` says so (None / []) and the page shows "no forecast yet".

Contract (parallel.md): forecast.store.list_forecasts(actor) -> [SavedForecast(.id, .name)] and
forecast.store.revenue_by_year(actor, forecast_id) -> [year 1, year 2, year 3] revenue HT in euros; both
raise PermissionDenied for someone else's forecast.
"""
from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from accounts.model import User


def _module() -> ModuleType | None:
    try:
        if importlib.util.find_spec("forecast") is None or importlib.util.find_spec("forecast.store") is None:
            return None
    except ImportError:
        return None
    return importlib.import_module("forecast.store")


def list_forecasts(actor: User | None) -> list[tuple[str, str]] | None:
    """[(id, name)] of the actor's forecasts, or None when the forecast module is absent."""
    module = _module()
    if module is None:
        return None
    return [(str(f.id), f.name) for f in module.list_forecasts(actor)]


def revenues(actor: User | None, forecast_id: str) -> list[float]:
    """Years 1-3 revenue HT of one of the actor's forecasts (PermissionDenied for anyone else's)."""
    module = _module()
    if module is None:
        return []
    return [float(v) for v in module.revenue_by_year(actor, forecast_id)][:3]
