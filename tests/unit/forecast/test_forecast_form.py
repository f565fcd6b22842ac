"""The guided form's conversions: a full plan survives the trip through the widgets' values unchanged;
percentages on screen are fractions in the document; bad input is located at its section, line and field."""
from __future__ import annotations

from datetime import date

from forecast_helpers import sample_dict as sample

from forecast import form
from forecast.model import Plan


def through_the_form(document: dict) -> dict:
    """What the page rebuilds from its widgets after showing a document."""
    rebuilt: dict = {"schema_version": document.get("schema_version", 1)}
    for section in form.OBJECTS:
        form.set_object(rebuilt, section, form.object_values(document, section))
    for section in form.LISTS:
        form.set_rows(rebuilt, section, form.editor_rows(document, section))
    return rebuilt


def test_a_full_plan_comes_back_unchanged():
    document = sample()
    assert Plan.from_dict(through_the_form(document)) == Plan.from_dict(document)


def test_percentages_on_screen_fractions_in_the_document():
    document = sample()
    (menus, traiteur, _) = form.editor_rows(document, "revenue")
    assert menus["vat_rate"] == 10.0 and menus["purchase_value"] == 30.0      # percent mode: share of the price
    assert traiteur["purchase_value"] == 120                                   # unit_cost mode: euros
    assert menus["seasonality_7"] == 1.3
    assert form.object_values(document, "project")["start"] == date(2026, 9, 1)
    rebuilt: dict = {}
    form.set_rows(rebuilt, "revenue", [{**menus, "vat_rate": 5.5}])
    assert rebuilt["revenue"][0]["vat_rate"] == 0.055 and rebuilt["revenue"][0]["purchase_value"] == 0.3


def test_empty_editor_lines_are_dropped_and_typed_text_is_kept_for_the_model():
    rebuilt: dict = {}
    form.set_rows(rebuilt, "staff", [{"position": "Vendeur", "gross_monthly": "2 000,50"},
                                     {"position": "Caissier", "gross_monthly": "beaucoup"},
                                     {"position": None, "gross_monthly": float("nan"), "count": None}])
    assert [s["gross_monthly"] for s in rebuilt["staff"]] == [2000.5, "beaucoup"]


def test_bad_input_is_located_beside_its_field():
    document = sample()
    document["financing"]["loans"][0].update(months=0)
    document["revenue"][1]["price"] = -3
    document["project"]["name"] = " "
    plan, issues = form.check(document)
    assert plan is None
    where = {(i.section, i.row, i.field): i.key for i in issues}
    assert where[("loans", 0, "months")] == "forecast.error.too_small"
    assert where[("revenue", 1, "price")] == "forecast.error.negative"
    plan, issues = form.check({"not": "a plan"})
    assert plan is None and [(i.section, i.key) for i in issues] == [("", "forecast.error.not_a_plan")]


def test_a_blank_plan_starts_next_month_for_twelve_months():
    document = form.blank(date(2026, 12, 8), "Nouveau projet")
    plan, issues = form.check(document)
    assert issues == [] and plan.project.start == date(2027, 1, 1)
    assert plan.project.first_closing == date(2027, 12, 31)


def test_a_rate_over_100_percent_is_explained_in_the_form_s_terms():
    rebuilt = sample()
    form.set_rows(rebuilt, "loans", [{**form.editor_rows(rebuilt, "loans")[0], "rate": 150}])
    _, issues = form.check(rebuilt)
    assert [(i.section, i.field, i.key) for i in issues] == [("loans", "rate", "forecast_ui.error.rate_above_100")]
