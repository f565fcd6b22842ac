"""The guided form's data, without Streamlit: the plan document (forecast.model's JSON form) turned into the
rows and fields the page's widgets edit, and those widget values turned back into the document.

The columns come from the model's own field declarations (type, choices, bounds), so the form cannot drift
from the plan. On screen, rates and shares are percentages (20 for 20 %), months and dates are dates; in the
document they are fractions and ISO strings. Nothing is validated here: `check(document)` asks the model
and groups its issues by section, row and field, for the page to show each one beside its field.
"""
from __future__ import annotations

import dataclasses
import math
import re
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from forecast import model
from forecast.model import FieldIssue, Plan, PlanError
from i18n import catalogue, t

# Fields shown as a percentage (the document holds a fraction).
PERCENT = frozenset({"vat_rate", "purchase_vat_rate", "cash_share", "growth_y2", "growth_y3", "growth",
                     "employer_rate", "yearly_raise", "rate", "insurance_rate", "guarantee_fee", "overdraft_rate"})
SEASONS = 12
# Model messages that speak of the document's fractions get the form's wording (percentages on screen).
ON_SCREEN = {"forecast.error.rate_above_100": "forecast_ui.error.rate_above_100"}


@dataclass(frozen=True)
class Column:
    name: str              # the model's field name (seasonality_1..12 for the coefficients)
    kind: str              # text | number | integer | percent | choice | month | date | bool
    choices: tuple[str, ...] = ()
    optional: bool = False
    minimum: float | None = None
    maximum: float | None = None


# section -> (path in the document, the model's class); lists edited as tables, objects as fields.
LISTS: dict[str, tuple[str, type]] = {
    "revenue": ("revenue", model.RevenueLine),
    "charges": ("charges", model.ExternalCharge),
    "taxes": ("taxes", model.Tax),
    "staff": ("staff", model.Staff),
    "investments": ("investments", model.Investment),
    "equity": ("financing.equity", model.Contribution),
    "current_accounts": ("financing.current_accounts", model.Contribution),
    "loans": ("financing.loans", model.Loan),
    "honour_loans": ("financing.honour_loans", model.HonourLoan),
    "subsidies": ("financing.subsidies", model.Subsidy),
}
OBJECTS: dict[str, tuple[str, type]] = {
    "project": ("project", model.Project),
    "manager": ("manager", model.Manager),
    "opening": ("opening", model.Opening),
}
# The guided form's steps and the sections each one edits.
STEPS: dict[str, tuple[str, ...]] = {
    "project": ("project",),
    "revenue": ("revenue",),
    "costs": ("charges", "taxes"),
    "staff": ("staff", "manager"),
    "investments": ("investments",),
    "financing": ("equity", "current_accounts", "loans", "honour_loans", "subsidies", "opening"),
}


def columns(cls: type) -> list[Column]:
    hints = typing.get_type_hints(cls)
    out: list[Column] = []
    for f in dataclasses.fields(cls):
        hint, optional = _unwrap(hints[f.name])
        meta = f.metadata
        if f.name == "seasonality":
            out += [Column(f"seasonality_{m}", "number", minimum=0, maximum=12) for m in range(1, SEASONS + 1)]
            continue
        if hint is bool:
            kind = "bool"
        elif hint is int:
            kind = "integer"
        elif hint is float:
            kind = "percent" if f.name in PERCENT else "number"
        elif hint is date:
            kind = "month" if meta.get("format") == "month" else "date"
        elif meta.get("choices"):
            kind = "choice"
        else:
            kind = "text"
        out.append(Column(f.name, kind, tuple(meta.get("choices") or ()), optional,
                          meta.get("minimum"), meta.get("maximum")))
    return out


def field_label(section: str, name: str, lang: str) -> str:
    """The field's label in the form: a section's own wording (forecast_ui.field.<section>.<name>) first."""
    if name.startswith("seasonality_"):
        month = t("forecast_ui.month_names", lang).split()[int(name.rsplit("_", 1)[1]) - 1]
        return t("forecast_ui.field.season", lang, month=month)
    specific = f"forecast_ui.field.{section}.{name}"
    return t(specific if specific in catalogue() else f"forecast_ui.field.{name}", lang)


def choice_label(name: str, value: Any, lang: str) -> str:
    key = f"forecast_ui.choice.{name}.{value}"
    return t(key, lang) if key in catalogue() else str(value)


def _unwrap(hint: Any) -> tuple[Any, bool]:
    args = typing.get_args(hint)
    if type(None) in args:
        return next(a for a in args if a is not type(None)), True
    return hint, False


def _get(document: dict[str, Any], path: str) -> Any:
    node: Any = document
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _set(document: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = document
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


# -- document -> widgets ---------------------------------------------------------------------------
def to_widget(column: Column, value: Any, row: dict[str, Any] | None = None) -> Any:
    if value is None:
        return None
    if column.kind == "percent" or (column.name == "purchase_value" and (row or {}).get("purchase_mode",
                                                                                         "percent") == "percent"):
        return _number(value) * 100 if _is_number(value) else value
    if column.kind in ("month", "date") and isinstance(value, str):
        try:
            return date.fromisoformat(value + "-01" if len(value) == 7 else value)
        except ValueError:
            return None
    return value


def editor_rows(document: dict[str, Any], section: str) -> list[dict[str, Any]]:
    """The rows of one list section, as the page's table editor shows them."""
    path, cls = LISTS[section]
    rows = []
    for item in _get(document, path) or []:
        item = item if isinstance(item, dict) else {}
        row = {}
        for column in columns(cls):
            if column.name.startswith("seasonality_"):
                season = item.get("seasonality") or [1.0] * SEASONS
                index = int(column.name.rsplit("_", 1)[1]) - 1
                row[column.name] = season[index] if index < len(season) else None
            else:
                row[column.name] = to_widget(column, item.get(column.name, _default(cls, column.name)), item)
        rows.append(row)
    return rows


def object_values(document: dict[str, Any], section: str) -> dict[str, Any]:
    path, cls = OBJECTS[section]
    item = _get(document, path) or {}
    return {c.name: to_widget(c, item.get(c.name, _default(cls, c.name)), item) for c in columns(cls)}


def _default(cls: type, name: str) -> Any:
    f = next(f for f in dataclasses.fields(cls) if f.name == name)
    if f.default is not dataclasses.MISSING:
        return _json_value(f.default)
    if f.default_factory is not dataclasses.MISSING:
        return _json_value(f.default_factory())
    return None


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# -- widgets -> document ---------------------------------------------------------------------------
def from_widget(column: Column, value: Any, row: dict[str, Any] | None = None) -> Any:
    """A widget's value in the document's form. Unreadable values are kept as typed, so that the model
    reports them (text in a number field) instead of their being lost."""
    if _blank(value):
        return None
    if column.kind in ("number", "percent", "integer"):
        number = _parse_number(value)
        if number is None:
            return value
        if column.kind == "percent" or (column.name == "purchase_value"
                                        and (row or {}).get("purchase_mode", "percent") == "percent"):
            return round(number / 100, 10)
        if column.kind == "integer" and float(number).is_integer():
            return int(number)
        return number
    if column.kind in ("month", "date"):
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.strftime("%Y-%m") if column.kind == "month" else value.isoformat()
        return str(value)
    if column.kind == "bool":
        return bool(value)
    return str(value).strip() if isinstance(value, str) else value


def rows_to_items(section: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Editor rows -> the section's items; wholly empty rows (the editor's new-row line) are dropped,
    empty optional cells are left out (the model's default applies)."""
    _, cls = LISTS[section]
    items = []
    for row in rows:
        if all(_blank(v) or v is False for v in row.values()):
            continue
        item: dict[str, Any] = {}
        season = []
        for column in columns(cls):
            value = from_widget(column, row.get(column.name), row)
            if column.name.startswith("seasonality_"):
                season.append(1.0 if value is None else value)
            elif value is not None:
                item[column.name] = value
        if season:
            item["seasonality"] = season
        items.append(item)
    return items


def set_rows(document: dict[str, Any], section: str, rows: list[dict[str, Any]]) -> None:
    _set(document, LISTS[section][0], rows_to_items(section, rows))


def set_object(document: dict[str, Any], section: str, values: dict[str, Any]) -> None:
    path, cls = OBJECTS[section]
    item = {}
    for column in columns(cls):
        value = from_widget(column, values.get(column.name), values)
        if value is not None:
            item[column.name] = value
    _set(document, path, item)


# -- validation, grouped for the page --------------------------------------------------------------
@dataclass(frozen=True)
class Issue:
    section: str           # a key of LISTS / OBJECTS, or "" for the whole plan
    row: int | None        # the line of a list section (0-based)
    field: str             # the model's field name, or ""
    key: str               # catalogue key
    values: dict[str, Any]


_PATH = re.compile(r"^(?P<path>[a-z_.]+?)(?:\[(?P<row>\d+)\])?(?:\.(?P<field>[a-z_0-9]+))?(?:\[\d+\])?$")


def locate(issue: FieldIssue) -> Issue:
    """'financing.loans[1].months' -> section loans, row 1, field months."""
    by_path = {path: name for name, (path, _) in {**LISTS, **OBJECTS}.items()}
    issue = FieldIssue(issue.path, ON_SCREEN.get(issue.key, issue.key), issue.values)
    match = _PATH.match(issue.path or "")
    if match:
        path, row, field = match["path"], match["row"], match["field"] or ""
        if path in by_path:
            return Issue(by_path[path], int(row) if row is not None else None, field, issue.key, issue.values)
        head, _, tail = path.rpartition(".")
        if head in by_path and row is None:  # an object's field: "project.name"
            return Issue(by_path[head], None, tail, issue.key, issue.values)
    return Issue("", None, "", issue.key, issue.values)


def check(document: dict[str, Any]) -> tuple[Plan | None, list[Issue]]:
    """The plan, or None and every issue located in the form."""
    try:
        return Plan.from_dict(document), []
    except PlanError as exc:
        return None, [locate(i) for i in exc.issues]


# -- a new plan --------------------------------------------------------------------------------------
def next_month(today: date) -> date:
    return model.add_months(date(today.year, today.month, 1), 1)


def blank(today: date, name: str = "") -> dict[str, Any]:
    """A plan starting next month, first exercice of 12 months, nothing else filled in."""
    start = next_month(today)
    after = model.add_months(start, 12)
    closing = date.fromordinal(after.toordinal() - 1)
    return {"schema_version": model.SCHEMA_VERSION,
            "project": {"name": name, "start": start.strftime("%Y-%m"), "first_closing": closing.isoformat()}}


# -- small helpers ------------------------------------------------------------------------------------
def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str)
                                                                                  and not value.strip())


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number(value: Any) -> float:
    return float(value)


def _parse_number(value: Any) -> float | None:
    if _is_number(value):
        return None if math.isnan(value) else float(value)
    if isinstance(value, str):
        text = value.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
        try:
            return float(text)
        except ValueError:
            return None
    return None
