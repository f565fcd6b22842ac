"""The plan document: JSON round trip, its schema, and a catalogue key per bad field."""
import json

import pytest
from forecast_helpers import SAMPLE, sample_dict, sample_plan

from forecast.model import MAX_LINES, Plan, PlanError, from_json, json_schema, validate
from forecast.schema import SCHEMA_PATH, schema_text
from i18n import catalogue


def issues_of(data) -> dict[str, str]:
    with pytest.raises(PlanError) as caught:
        validate(data)
    return {i.path: i.key for i in caught.value.issues}


def test_json_round_trip_keeps_every_input():
    plan = sample_plan()
    again = from_json(plan.to_json())
    assert again == plan
    assert again.to_dict() == json.loads(plan.to_json())
    assert again.project.start.isoformat() == "2026-09-01"
    assert again.to_dict()["project"]["start"] == "2026-09"
    assert again.revenue[0].seasonality[6] == 1.3
    assert again.financing.loans[0].deferral_months == 6


def test_defaults_fill_a_minimal_plan():
    plan = validate({"project": {"name": "X", "start": "2026-03", "first_closing": "2027-02-28"}})
    assert plan.revenue == () and plan.manager.regime == "none" and plan.schema_version == 1
    assert plan.project.vat_regime == "normal_monthly"


@pytest.mark.parametrize("path,value,key", [
    ("revenue__0__price", -3, "forecast.error.negative"),
    ("revenue__0__monthly_volume", -1, "forecast.error.negative"),
    ("revenue__0__price", "douze", "forecast.error.not_a_number"),
    ("revenue__0__price", True, "forecast.error.not_a_number"),
    ("revenue__0__vat_rate", 1.2, "forecast.error.rate_above_100"),
    ("financing__loans__0__rate", 4.2, "forecast.error.rate_above_100"),
    ("financing__loans__0__months", 0, "forecast.error.too_small"),
    ("financing__loans__0__months", 12.5, "forecast.error.not_an_integer"),
    ("financing__loans__0__amount", 0, "forecast.error.not_positive"),
    ("revenue__0__seasonality", [1.0] * 11, "forecast.error.length"),
    ("project__vat_regime", "mensuel", "forecast.error.choice"),
    ("project__start", "septembre", "forecast.error.not_a_month"),
    ("investments__0__in_service", "2026-13-01", "forecast.error.not_a_date"),
    ("revenue__0__name", 12, "forecast.error.not_a_text"),
    ("staff__0__count", 0, "forecast.error.too_small"),
])
def test_bad_field_gets_its_catalogue_key(path, value, key):
    where = path.replace("__0__", "[0].").replace("__", ".")
    assert issues_of(sample_dict(**{path: value}))[where] == key


def test_start_after_closing_and_exercice_length():
    assert issues_of(sample_dict(project__first_closing="2026-06-30")) == {
        "project.first_closing": "forecast.error.closing_before_start"}
    assert issues_of(sample_dict(project__first_closing="2028-12-31")) == {
        "project.first_closing": "forecast.error.first_exercice_length"}
    assert issues_of(sample_dict(project__first_closing="2027-06-30")) == {
        "project.first_closing": "forecast.error.first_exercice_length"}  # 10 months


def test_a_thousand_revenue_lines_is_refused():
    data = sample_dict()
    data["revenue"] = data["revenue"][:1] * 1000
    assert issues_of(data) == {"revenue": "forecast.error.too_many"}
    data["revenue"] = data["revenue"][:MAX_LINES]
    validate(data)


def test_cross_field_rules():
    assert issues_of(sample_dict(financing__loans__0__deferral_months=84)) == {
        "financing.loans[0].deferral_months": "forecast.error.deferral_too_long"}
    assert issues_of(sample_dict(financing__loans__0__annual=True)) == {
        "financing.loans[0].months": "forecast.error.annual_months"}
    assert issues_of(sample_dict(staff__1__start="2031-01")) == {"staff[1].start": "forecast.error.outside_plan"}
    assert issues_of(sample_dict(project__legal_form="micro")) == {"project.tax_regime": "forecast.error.micro_is_ir"}


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", '{"name": "a plan?"}', '"x"', "\xff\xfe"])
def test_json_that_is_not_a_plan(text):
    with pytest.raises(PlanError) as caught:
        from_json(text)
    assert caught.value.issues[0].key in ("forecast.error.not_json", "forecast.error.not_a_plan")


def test_unknown_fields_and_versions_are_refused():
    assert issues_of({**SAMPLE, "extra": 1}) == {"extra": "forecast.error.unknown_field"}
    assert issues_of({**SAMPLE, "schema_version": 99}) == {"schema_version": "forecast.error.schema_version"}


def test_every_error_key_is_in_the_catalogue_in_both_languages():
    keys = catalogue()
    source = (SCHEMA_PATH.parent / "model.py").read_text(encoding="utf-8")
    import re
    used = set(re.findall(r'"(forecast\.error\.[a-z_0-9]+)"', source))
    assert used and all(k in keys and keys[k]["fr"] and keys[k]["en"] for k in used)
    error = PlanError([])
    try:
        from_json("{}")
    except PlanError as exc:
        error = exc
    assert "prévisionnel" in error.message("fr") and "forecast" in error.message("en")


def test_schema_file_is_the_generated_one_and_accepts_the_sample():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(sample_plan().to_dict(), schema)
    jsonschema.validate(SAMPLE, schema)
    bad = sample_dict(revenue__0__price=-1)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_plan_is_frozen():
    plan = sample_plan()
    with pytest.raises(AttributeError):
        plan.project.name = "other"  # type: ignore[misc]
    assert isinstance(plan.replace(revenue=()), Plan)


def test_messages_keep_unknown_placeholders_and_format_amounts():
    from forecast.messages import text
    assert text("forecast.error.too_many", "fr", count=1000) == \
        "1000 lignes : c'est au-delà de la limite de {limit} lignes d'un prévisionnel."
    assert "1 234,50" in text("forecast.alert.loss", "fr", exercice=1, amount=1234.5).replace("\u202f", " ")
    assert text("forecast.unknown.key", "en") == "forecast.unknown.key"
