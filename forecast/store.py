"""Saved forecasts, per user, with every save kept as a version.

Every function takes the acting user and only ever touches their rows: someone else's forecast looks
exactly like a missing one (PermissionDenied("forecast")). Nothing is stored before the e-mail address
is confirmed. The plan is stored as its JSON document (forecast.model); the store checks only that it
is a JSON object of reasonable size, the page validates it with the model before saving.

Contract with the market study (h18): `list_forecasts(actor)` and `revenue_by_year(actor, id)`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from accounts.model import PermissionDenied, User, require, require_saver
from accounts.validation import ValidationError, clean_text
from forecast.engine import compute
from forecast.model import Plan
from storage import get_db, load_sql

MAX_PLAN_BYTES = 2_000_000  # a plan at the model's limits is far smaller; this only stops abuse
MAX_NOTE_CHARS = 200


@dataclass(frozen=True)
class SavedForecast:
    id: str
    name: str
    version: int          # the latest version's number
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ForecastVersion:
    version: int
    note: str
    created_at: datetime


@dataclass(frozen=True)
class LoadedForecast:
    forecast: SavedForecast
    version: int
    plan: dict[str, Any]   # the plan document (JSON of forecast.model)


def _reader(actor: User | None) -> User:
    return require(actor, "user")


def _name(name: str) -> str:
    return clean_text(name, "company", required=True)


def _payload(plan: dict[str, Any]) -> str:
    if not isinstance(plan, dict):
        raise ValidationError("forecast_ui.error.not_a_plan")
    text = json.dumps(plan, ensure_ascii=False, separators=(",", ":"))
    if len(text.encode("utf-8")) > MAX_PLAN_BYTES:
        raise ValidationError("forecast_ui.error.too_large", limit=MAX_PLAN_BYTES // 1_000_000)
    return text


def _note(note: str) -> str:
    return clean_text(note or "", "company")[:MAX_NOTE_CHARS]


def save_forecast(actor: User | None, name: str, plan: dict[str, Any], *, forecast_id: str | None = None,
                  note: str = "") -> tuple[str, int]:
    """Save the plan as a new forecast (forecast_id None) or as the next version of one; (id, version)."""
    user = require_saver(actor)
    name, payload, note = _name(name), _payload(plan), _note(note)

    def run(cur) -> tuple[str, int]:
        if forecast_id is None:
            new_id = cur.execute(load_sql("forecast/insert_forecast"), [user.id, name]).fetchone()[0]
            version = 1
        else:
            row = cur.execute(load_sql("forecast/bump_version"), [name, forecast_id, user.id]).fetchone()
            if row is None:
                raise PermissionDenied("forecast")
            new_id, version = forecast_id, int(row[0])
        cur.execute(load_sql("forecast/insert_version"), [new_id, version, user.id, note, payload])
        return str(new_id), version
    return get_db().write(run)


def list_forecasts(actor: User | None) -> list[SavedForecast]:
    user = _reader(actor)
    return [SavedForecast(*row) for row in get_db().query(load_sql("forecast/list_forecasts"), [user.id])]


def get_forecast(actor: User | None, forecast_id: str) -> SavedForecast:
    user = _reader(actor)
    row = get_db().query_one(load_sql("forecast/get_forecast"), [forecast_id, user.id])
    if row is None:
        raise PermissionDenied("forecast")
    return SavedForecast(*row)


def load_forecast(actor: User | None, forecast_id: str, version: int | None = None) -> LoadedForecast:
    """The latest version of the plan, or the given one."""
    user = _reader(actor)
    saved = get_forecast(user, forecast_id)
    row = get_db().query_one(load_sql("forecast/load_version"), [forecast_id, user.id, version])
    if row is None:
        raise PermissionDenied("forecast")
    return LoadedForecast(saved, int(row[0]), json.loads(row[1]))


def list_versions(actor: User | None, forecast_id: str) -> list[ForecastVersion]:
    """Newest first."""
    user = _reader(actor)
    get_forecast(user, forecast_id)
    return [ForecastVersion(*row) for row in get_db().query(load_sql("forecast/list_versions"),
                                                             [forecast_id, user.id])]


def duplicate_forecast(actor: User | None, forecast_id: str, name: str) -> str:
    """A new forecast whose first version is the latest version of this one."""
    loaded = load_forecast(actor, forecast_id)
    new_id, _ = save_forecast(actor, name, loaded.plan, note=loaded.forecast.name)
    return new_id


def rename_forecast(actor: User | None, forecast_id: str, name: str) -> None:
    user = require_saver(actor)
    name = _name(name)

    def run(cur) -> None:
        if not cur.execute(load_sql("forecast/rename_forecast"), [name, forecast_id, user.id]).fetchall():
            raise PermissionDenied("forecast")
    get_db().write(run)


def delete_forecast(actor: User | None, forecast_id: str) -> None:
    """The forecast and all its versions, in one transaction."""
    user = _reader(actor)

    def run(cur) -> None:
        if not cur.execute(load_sql("forecast/delete_forecast"), [forecast_id, user.id]).fetchall():
            raise PermissionDenied("forecast")
        cur.execute(load_sql("forecast/delete_versions"), [forecast_id, user.id])
    get_db().write(run)


def revenue_by_year(actor: User | None, forecast_id: str) -> list[float]:
    """Revenue HT (euros) of exercices 1 to 3 of the latest version, computed by the engine (the market
    study compares it with the market's size). The first exercice may be 12 to 23 months long."""
    plan = Plan.from_dict(load_forecast(actor, forecast_id).plan)
    return [float(year["sig"]["chiffre_affaires"]) for year in compute(plan).income_statement[:3]]
