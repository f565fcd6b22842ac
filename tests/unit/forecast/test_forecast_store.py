"""Saved forecasts on a real DuckDB file: versions, ownership in the data layer, nothing stored before the
e-mail is confirmed, and the personal-data export and erasure cover both tables."""
from __future__ import annotations

import json
import zipfile
from io import BytesIO

import pytest
from forecast_helpers import sample_dict, sample_plan

from accounts import PermissionDenied, get_user_by_email
from accounts.validation import ValidationError
from demo.seed import seed_accounts
from forecast import store
from forecast.engine import compute
from privacy.erasure import erase_person
from privacy.export import build_export_zip

PLAN_A = {"project": {"name": "Boulangerie"}, "revenue": [{"label": "Pain", "price": 1.2}]}
PLAN_B = {"project": {"name": "Boulangerie"}, "revenue": [{"label": "Pain", "price": 1.5}]}


@pytest.fixture
def people(db):
    seed_accounts()
    return get_user_by_email("demo.user@example.com"), get_user_by_email("demo.staff@example.com")


def test_every_save_is_a_version_and_each_can_be_reloaded(people):
    owner, _ = people
    forecast_id, version = store.save_forecast(owner, "Projet", PLAN_A)
    assert version == 1
    assert store.save_forecast(owner, "Projet v2", PLAN_B, forecast_id=forecast_id, note="prix") == (forecast_id, 2)
    (saved,) = store.list_forecasts(owner)
    assert (saved.id, saved.name, saved.version) == (forecast_id, "Projet v2", 2)
    assert store.load_forecast(owner, forecast_id).plan == PLAN_B
    first = store.load_forecast(owner, forecast_id, 1)
    assert first.version == 1 and first.plan == PLAN_A
    assert [(v.version, v.note) for v in store.list_versions(owner, forecast_id)] == [(2, "prix"), (1, "")]
    with pytest.raises(PermissionDenied):
        store.load_forecast(owner, forecast_id, 3)


def test_duplicate_rename_delete(people, db):
    owner, _ = people
    forecast_id, _ = store.save_forecast(owner, "Original", PLAN_A)
    store.save_forecast(owner, "Original", PLAN_B, forecast_id=forecast_id)
    copy_id = store.duplicate_forecast(owner, forecast_id, "Copie")
    copy = store.load_forecast(owner, copy_id)
    assert copy_id != forecast_id and copy.version == 1 and copy.plan == PLAN_B
    store.rename_forecast(owner, copy_id, "Copie renommée")
    assert {f.name for f in store.list_forecasts(owner)} == {"Original", "Copie renommée"}
    store.delete_forecast(owner, forecast_id)
    assert [f.id for f in store.list_forecasts(owner)] == [copy_id]
    assert db.query_one("SELECT count(*) FROM forecast_versions WHERE forecast_id = ?", [forecast_id]) == (0,)
    with pytest.raises(PermissionDenied):
        store.load_forecast(owner, forecast_id)


def test_another_user_can_neither_see_nor_touch_it(people):
    owner, other = people
    forecast_id, _ = store.save_forecast(owner, "Privé", PLAN_A)
    assert store.list_forecasts(other) == []
    for attempt in (lambda: store.load_forecast(other, forecast_id),
                    lambda: store.list_versions(other, forecast_id),
                    lambda: store.save_forecast(other, "volé", PLAN_B, forecast_id=forecast_id),
                    lambda: store.duplicate_forecast(other, forecast_id, "copie"),
                    lambda: store.rename_forecast(other, forecast_id, "volé"),
                    lambda: store.delete_forecast(other, forecast_id),
                    lambda: store.load_forecast(other, "not-a-uuid")):
        with pytest.raises(PermissionDenied):
            attempt()
    (mine,) = store.list_forecasts(owner)
    assert (mine.name, mine.version) == ("Privé", 1)


def test_unconfirmed_anonymous_and_bad_input_store_nothing(db, people, smtp_server):
    from accounts.registration import register

    owner, _ = people
    fresh = register(email="fresh@example.fr", password="a long good password")
    for actor in (fresh, None):
        with pytest.raises(PermissionDenied):
            store.save_forecast(actor, "x", PLAN_A)
    with pytest.raises(PermissionDenied):
        store.list_forecasts(None)
    with pytest.raises(ValidationError):
        store.save_forecast(owner, "  ", PLAN_A)
    with pytest.raises(ValidationError) as too_big:
        store.save_forecast(owner, "x", {"blob": "x" * (store.MAX_PLAN_BYTES + 1)})
    assert too_big.value.key == "forecast_ui.error.too_large"
    with pytest.raises(ValidationError):
        store.save_forecast(owner, "x", ["not", "a", "plan"])
    assert db.query_one("SELECT (SELECT count(*) FROM forecasts) + (SELECT count(*) FROM forecast_versions)") == (0,)


def test_personal_data_export_and_erasure_cover_forecasts(db, people):
    owner, other = people
    forecast_id, _ = store.save_forecast(owner, "Mon projet", PLAN_A)
    store.save_forecast(owner, "Mon projet", PLAN_B, forecast_id=forecast_id)
    kept_id, _ = store.save_forecast(other, "Celui d'un autre", PLAN_A)

    with zipfile.ZipFile(BytesIO(build_export_zip(owner, owner.id))) as package:
        data = json.loads(package.read("data.json"))
    assert [r["name"] for r in data["forecasts"]] == ["Mon projet"]
    versions = sorted(data["forecast_versions"], key=lambda r: r["version"])
    assert [json.loads(r["plan"]) for r in versions] == [PLAN_A, PLAN_B]

    erase_person(owner, user_id=owner.id, reason="test")
    assert db.query_one("SELECT count(*) FROM forecasts WHERE CAST(user_id AS VARCHAR) = ?", [owner.id]) == (0,)
    assert db.query_one("SELECT count(*) FROM forecast_versions WHERE CAST(user_id AS VARCHAR) = ?",
                        [owner.id]) == (0,)
    assert [f.id for f in store.list_forecasts(other)] == [kept_id]


def test_market_contract_revenue_by_year_through_the_engine(people):
    owner, other = people
    forecast_id, _ = store.save_forecast(owner, "Café", sample_dict())
    revenue = store.revenue_by_year(owner, forecast_id)
    expected = [s["sig"]["chiffre_affaires"] for s in compute(sample_plan()).income_statement]
    assert revenue == expected and len(revenue) == 3 and all(isinstance(v, float) for v in revenue)
    assert revenue[0] == pytest.approx(448_713.0)                  # 16 months: September 2026 to December 2027
    assert [(f.id, f.name) for f in store.list_forecasts(owner)] == [(forecast_id, "Café")]
    with pytest.raises(PermissionDenied):
        store.revenue_by_year(other, forecast_id)
    with pytest.raises(PermissionDenied):
        store.revenue_by_year(None, forecast_id)
