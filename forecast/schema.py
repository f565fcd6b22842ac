"""Writes forecast/plan.schema.json from forecast.model (run after changing the model; a test compares)."""
from __future__ import annotations

import json
from pathlib import Path

from forecast.model import json_schema

SCHEMA_PATH = Path(__file__).resolve().parent / "plan.schema.json"


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
