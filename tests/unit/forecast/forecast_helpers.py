"""A realistic plan (forecast/examples/cafe.json: a café-restaurant from September 2026) for the tests.

Imported as `forecast_helpers` (test directories have no __init__.py, so module names must be unique).
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from forecast.model import Plan, validate

EXAMPLE = Path(__file__).resolve().parents[3] / "forecast" / "examples" / "cafe.json"
SAMPLE: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))


def sample_dict(**changes: Any) -> dict[str, Any]:
    """A deep copy of SAMPLE; `project__vat_regime="franchise"` style keys change one nested field."""
    data = copy.deepcopy(SAMPLE)
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[last] = value
    return data


def sample_plan(**changes: Any) -> Plan:
    return validate(sample_dict(**changes))
