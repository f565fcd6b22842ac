"""The plan document: every input of a forecast, as frozen dataclasses, with its JSON form and validation.

One declaration per field (type hint + `spec(...)` metadata) drives three things, so they cannot drift:
`validate` (bad input -> PlanError listing a catalogue key per field path), `json_schema()` (the
documented schema, also written to forecast/plan.schema.json) and `to_json`/`from_json`.

Conventions: amounts are euros HT unless the name says otherwise; rates and shares are fractions (0.2 for
20 %); months are "YYYY-MM" strings in JSON (a `date` on the 1st here), dates "YYYY-MM-DD"; "term days" are
payment delays in days (30 days = one month).
"""
from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from typing import Any

SCHEMA_VERSION = 1
MAX_LINES = 200  # revenue lines, staff, charges, investments: a business plan, not a ledger
MAX_LOANS = 20
MAX_AMOUNT = 1e10
MAX_TEXT = 200

LEGAL_FORMS = ("micro", "ei", "eurl", "sarl", "sas", "sasu")
TAX_REGIMES = ("is", "ir")
VAT_REGIMES = ("franchise", "simplifie", "normal_monthly", "normal_quarterly")
ACTIVITIES = ("ventes", "services_bic", "bnc", "cipav")  # for micro rates and franchise ceilings
LINE_KINDS = ("goods", "production", "services")  # ventes de marchandises / production vendue (biens, services)
PURCHASE_MODES = ("percent", "unit_cost")
MANAGER_REGIMES = ("none", "tns", "assimile_salarie", "micro")
INVESTMENT_CATEGORIES = ("frais_etablissement", "logiciel", "materiel_informatique", "mobilier", "agencements",
                         "vehicule", "materiel_industriel", "construction", "fonds_commercial", "depot")
LOAN_METHODS = ("annuity", "constant_principal")
DEFERRAL_KINDS = ("partial", "total")  # partial: interest only; total: nothing paid, interest capitalised
SUBSIDY_KINDS = ("exploitation", "investissement")


def spec(default: Any = dataclasses.MISSING, *, minimum: float | None = None, maximum: float | None = None,
         exclusive_minimum: bool = False, choices: tuple[str, ...] | None = None, fmt: str | None = None,
         length: int | None = None, max_items: int | None = None, doc: str = "") -> Any:
    """A dataclass field with what validation and the JSON Schema need to know about it."""
    meta = {"minimum": minimum, "maximum": maximum, "exclusive_minimum": exclusive_minimum, "choices": choices,
            "format": fmt, "length": length, "max_items": max_items, "doc": doc}
    if isinstance(default, (list, tuple)):
        value = tuple(default)
        return field(default_factory=lambda: value, metadata=meta)
    return field(default=default, metadata=meta)


def money(default: Any = dataclasses.MISSING, doc: str = "") -> Any:
    return spec(default, minimum=0, maximum=MAX_AMOUNT, doc=doc)


def share(default: Any = dataclasses.MISSING, doc: str = "", maximum: float = 1.0) -> Any:
    return spec(default, minimum=0, maximum=maximum, doc=doc)


def days(default: int = 0, doc: str = "") -> Any:
    return spec(default, minimum=0, maximum=365, doc=doc)


@dataclass(frozen=True)
class Project:
    name: str = spec(doc="project or company name")
    start: date = spec(fmt="month", doc="first month of activity (any month)")
    first_closing: date = spec(fmt="date", doc="closing date of the first exercice (12 to 23 months after start)")
    naf: str = spec("", doc="activity code (NAF), e.g. 56.10A")
    legal_form: str = spec("sas", choices=LEGAL_FORMS)
    tax_regime: str = spec("is", choices=TAX_REGIMES)
    vat_regime: str = spec("normal_monthly", choices=VAT_REGIMES)
    activity: str = spec("services_bic", choices=ACTIVITIES, doc="for micro social rates and franchise ceilings")
    is_reduced_rate: bool = spec(True, doc="eligible to the IS reduced rate (PME, capital paid up, 75 % persons)")
    overdraft_rate: float = share(0.08, doc="yearly interest on a negative bank balance (agios)")


@dataclass(frozen=True)
class RevenueLine:
    name: str = spec()
    price: float = money(doc="unit price HT")
    monthly_volume: float = money(doc="units sold in an average month of year 1")
    kind: str = spec("services", choices=LINE_KINDS)
    seasonality: tuple[float, ...] = spec((1.0,) * 12, minimum=0, maximum=12, length=12,
                                          doc="coefficients January..December multiplying the monthly volume")
    growth_y2: float = spec(0.0, minimum=-1, maximum=10, doc="volume growth in plan year 2")
    growth_y3: float = spec(0.0, minimum=-1, maximum=10, doc="volume growth in plan year 3")
    vat_rate: float = share(0.2)
    customer_days: int = days(0, "customer payment term")
    cash_share: float = share(1.0, "share paid at once (the rest at the term)")
    purchase_mode: str = spec("percent", choices=PURCHASE_MODES)
    purchase_value: float = money(0.0, "share of the price (percent mode) or unit cost HT (unit_cost mode)")
    purchase_vat_rate: float = share(0.2)
    supplier_days: int = days(0, "supplier payment term")
    stock_days: int = days(0, "stock held, in days of purchases consumed")


@dataclass(frozen=True)
class ExternalCharge:
    """A yearly amount is charged and paid by twelfths (with the supplier term)."""

    name: str = spec()
    amount: float = money(doc="HT amount per period")
    period: str = spec("month", choices=("month", "year"), doc="the amount is per month or per year")
    vat_rate: float = share(0.2, "0 for charges without VAT (insurance, bank fees)")
    supplier_days: int = days(0)
    start: date | None = spec(None, fmt="month", doc="first month (default: plan start)")
    growth: float = spec(0.0, minimum=-1, maximum=10, doc="yearly increase from plan year 2")


@dataclass(frozen=True)
class Tax:
    name: str = spec()
    amount: float = money(doc="per year")
    payment_month: int = spec(12, minimum=1, maximum=12, doc="calendar month of payment (CFE: December)")
    first_plan_year: int = spec(2, minimum=1, maximum=4, doc="CFE is not due for the year of creation")


@dataclass(frozen=True)
class Staff:
    position: str = spec()
    gross_monthly: float = money(doc="gross monthly pay")
    count: int = spec(1, minimum=1, maximum=10_000)
    start: date | None = spec(None, fmt="month", doc="hiring month (default: plan start)")
    employer_rate: float | None = spec(None, minimum=0, maximum=1.5,
                                       doc="employer contributions / gross; empty = from the RGDU by gross/SMIC")
    yearly_raise: float = share(0.0)


@dataclass(frozen=True)
class Manager:
    """TNS and assimilé contributions are computed on the net pay (also under IR, where the pay is a
    drawing); micro contributions on the turnover."""

    regime: str = spec("none", choices=MANAGER_REGIMES,
                       doc="tns: provisional then regularised; assimile_salarie: paid M+1; micro: % of turnover")
    net_monthly: float = money(0.0, "net pay per month (a withdrawal, not a charge, under IR)")
    start: date | None = spec(None, fmt="month")
    acre: bool = spec(False, doc="ACRE reduction on the first year's contributions")


@dataclass(frozen=True)
class Investment:
    name: str = spec()
    amount: float = money(doc="HT")
    in_service: date = spec(fmt="date", doc="date of service: depreciation prorata temporis from it")
    category: str = spec("materiel_industriel", choices=INVESTMENT_CATEGORIES)
    vat_rate: float = share(0.2)
    years: int | None = spec(None, minimum=1, maximum=50, doc="depreciation period (default: the category's)")
    in_kind: bool = spec(False, doc="brought as an apport en nature (no payment)")


@dataclass(frozen=True)
class Contribution:
    name: str = spec()
    amount: float = money()
    month: date | None = spec(None, fmt="month", doc="default: plan start")


@dataclass(frozen=True)
class Loan:
    name: str = spec()
    amount: float = spec(minimum=0, maximum=MAX_AMOUNT, exclusive_minimum=True)
    rate: float = share(doc="yearly nominal rate", maximum=1.0)
    months: int = spec(minimum=1, maximum=600, doc="duration including the deferral")
    month: date | None = spec(None, fmt="month", doc="disbursement month (default: plan start)")
    deferral_months: int = spec(0, minimum=0, maximum=599)
    deferral_kind: str = spec("partial", choices=DEFERRAL_KINDS)
    method: str = spec("annuity", choices=LOAN_METHODS)
    annual: bool = spec(False, doc="yearly payments (months and deferral multiples of 12)")
    insurance_rate: float = share(0.0, "yearly insurance, share of the amount borrowed")
    guarantee_fee: float = share(0.0, "one-off guarantee fee, share of the amount (paid at disbursement)")


@dataclass(frozen=True)
class HonourLoan:
    name: str = spec()
    amount: float = money()
    month: date | None = spec(None, fmt="month")


@dataclass(frozen=True)
class Subsidy:
    """Exploitation: a product of the month received; investissement: equity (not released to the result)."""

    name: str = spec()
    amount: float = money()
    kind: str = spec("exploitation", choices=SUBSIDY_KINDS)
    month: date | None = spec(None, fmt="month")


@dataclass(frozen=True)
class Financing:
    equity: tuple[Contribution, ...] = spec((), max_items=MAX_LINES, doc="capital in cash")
    current_accounts: tuple[Contribution, ...] = spec((), max_items=MAX_LINES, doc="comptes courants d'associés")
    loans: tuple[Loan, ...] = spec((), max_items=MAX_LOANS)
    honour_loans: tuple[HonourLoan, ...] = spec((), max_items=MAX_LOANS,
                                               doc="personal 0 % loans brought to the company as apport")
    subsidies: tuple[Subsidy, ...] = spec((), max_items=MAX_LINES)


@dataclass(frozen=True)
class Opening:
    """Opening balance sheet of an existing company (seeded from its accounts); all zero for a creation.
    Its stock stays as a permanent stock; the revenue lines' stock days come on top."""

    fixed_assets: float = money(0.0, "net fixed assets")
    fixed_assets_years: int = spec(5, minimum=1, maximum=50, doc="remaining depreciation period")
    stocks: float = money(0.0)
    receivables: float = money(0.0, "clients and other receivables, collected in month 1")
    cash: float = spec(0.0, minimum=-MAX_AMOUNT, maximum=MAX_AMOUNT)
    payables: float = money(0.0, "suppliers, tax and social debts, paid in month 1")
    financial_debts: float = money(0.0)
    debt_months: int = spec(60, minimum=1, maximum=600, doc="remaining months of the financial debts")


@dataclass(frozen=True)
class Plan:
    project: Project
    revenue: tuple[RevenueLine, ...] = spec((), max_items=MAX_LINES)
    charges: tuple[ExternalCharge, ...] = spec((), max_items=MAX_LINES)
    taxes: tuple[Tax, ...] = spec((), max_items=MAX_LINES)
    staff: tuple[Staff, ...] = spec((), max_items=MAX_LINES)
    manager: Manager = field(default_factory=Manager)
    investments: tuple[Investment, ...] = spec((), max_items=MAX_LINES)
    financing: Financing = field(default_factory=Financing)
    opening: Opening = field(default_factory=Opening)
    schema_version: int = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return _dump(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    @classmethod
    def from_dict(cls, data: Any) -> Plan:
        return validate(data)

    @classmethod
    def from_json(cls, text: str | bytes) -> Plan:
        return from_json(text)

    def replace(self, **changes: Any) -> Plan:
        return dataclasses.replace(self, **changes)


# --------------------------------------------------------------------------------------------- errors

@dataclass(frozen=True)
class FieldIssue:
    """One bad field: `path` like "revenue[2].price", `key` a catalogue key, `values` its placeholders."""

    path: str
    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "fr") -> str:
        from forecast.messages import text
        return text(self.key, lang, **self.values)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "key": self.key, "values": self.values}


class PlanError(ValueError):
    """A plan that cannot be computed. `issues` lists every bad field (the page shows each beside its field)."""

    def __init__(self, issues: list[FieldIssue]) -> None:
        self.issues = issues
        super().__init__("; ".join(f"{i.path}: {i.key}" for i in issues))

    def message(self, lang: str = "fr") -> str:
        return "\n".join(f"{i.path}: {i.message(lang)}" if i.path else i.message(lang) for i in self.issues)


# --------------------------------------------------------------------------------------------- parsing

def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _optional(hint: Any) -> tuple[Any, bool]:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0], True
    return hint, False


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value \
        and abs(value) != float("inf")


def _parse_date(value: Any, fmt: str) -> date:
    if not isinstance(value, str):
        raise ValueError
    if fmt == "month":
        if len(value) != 7:
            raise ValueError
        return date.fromisoformat(value + "-01")
    if len(value) != 10:
        raise ValueError
    return date.fromisoformat(value)


def _parse_value(hint: Any, meta: dict[str, Any], value: Any, path: str, issues: list[FieldIssue]) -> Any:
    hint, nullable = _optional(hint)
    if value is None:
        if nullable:
            return None
        issues.append(FieldIssue(path, "forecast.error.required"))
        return None
    if dataclasses.is_dataclass(hint):
        return _parse_object(hint, value, path, issues)
    origin = typing.get_origin(hint)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        if not isinstance(value, list):
            issues.append(FieldIssue(path, "forecast.error.not_a_list"))
            return ()
        limit = meta.get("max_items")
        if limit is not None and len(value) > limit:
            issues.append(FieldIssue(path, "forecast.error.too_many", {"count": len(value), "limit": limit}))
            return ()
        if meta.get("length") is not None and len(value) != meta["length"]:
            issues.append(FieldIssue(path, "forecast.error.length", {"length": meta["length"]}))
            return ()
        item_meta = {} if dataclasses.is_dataclass(item) else meta
        return tuple(_parse_value(item, item_meta, v, f"{path}[{i}]", issues) for i, v in enumerate(value))
    if hint is bool:
        if not isinstance(value, bool):
            issues.append(FieldIssue(path, "forecast.error.not_a_boolean"))
        return bool(value)
    if hint is str:
        if not isinstance(value, str):
            issues.append(FieldIssue(path, "forecast.error.not_a_text"))
            return ""
        if meta.get("choices") and value not in meta["choices"]:
            issues.append(FieldIssue(path, "forecast.error.choice", {"choices": ", ".join(meta["choices"])}))
        if len(value) > MAX_TEXT:
            issues.append(FieldIssue(path, "forecast.error.text_too_long", {"limit": MAX_TEXT}))
        return value
    if hint is date:
        try:
            return _parse_date(value, meta.get("format") or "date")
        except ValueError:
            key = "forecast.error.not_a_month" if meta.get("format") == "month" else "forecast.error.not_a_date"
            issues.append(FieldIssue(path, key))
            return None
    if hint in (int, float):
        if not _is_number(value) or (hint is int and value != int(value)):
            key = "forecast.error.not_an_integer" if hint is int else "forecast.error.not_a_number"
            issues.append(FieldIssue(path, key))
            return None
        low, high = meta.get("minimum"), meta.get("maximum")
        if low is not None and (value < low or (meta.get("exclusive_minimum") and value == low)):
            key = "forecast.error.not_positive" if meta.get("exclusive_minimum") else "forecast.error.too_small"
            issues.append(FieldIssue(path, "forecast.error.negative" if low == 0 and value < 0 else key,
                                     {"minimum": low}))
        elif high is not None and value > high:
            key = "forecast.error.rate_above_100" if hint is float and high == 1.0 else "forecast.error.too_large"
            issues.append(FieldIssue(path, key, {"maximum": high}))
        return int(value) if hint is int else float(value)
    raise TypeError(f"unsupported field type {hint!r}")  # a programming error in this module, not bad input


def _parse_object(cls: type, value: Any, path: str, issues: list[FieldIssue]) -> Any:
    if not isinstance(value, dict):
        issues.append(FieldIssue(path, "forecast.error.not_an_object"))
        return None
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    for extra in sorted(set(value) - names):
        issues.append(FieldIssue(_join(path, extra), "forecast.error.unknown_field"))
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        where = _join(path, f.name)
        if f.name not in value:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                issues.append(FieldIssue(where, "forecast.error.required"))
            continue
        kwargs[f.name] = _parse_value(hints[f.name], dict(f.metadata), value[f.name], where, issues)
    try:
        return cls(**kwargs)
    except TypeError:  # a required field was missing: already reported
        return None


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def validate(data: Any) -> Plan:
    """A Plan from its JSON form (a dict), or PlanError listing every bad field."""
    issues: list[FieldIssue] = []
    if not isinstance(data, dict) or "project" not in data:
        raise PlanError([FieldIssue("", "forecast.error.not_a_plan")])
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise PlanError([FieldIssue("schema_version", "forecast.error.schema_version",
                                    {"version": version, "expected": SCHEMA_VERSION})])
    plan = _parse_object(Plan, data, "", issues)
    if not issues:
        issues.extend(check(plan))
    if issues:
        raise PlanError(issues)
    return plan


def validate_loan(data: dict[str, Any]) -> Loan:
    """One loan alone (the loan CLI), with the same field rules and keys as in a plan."""
    issues: list[FieldIssue] = []
    loan = _parse_object(Loan, data, "", issues)
    if not issues:
        if loan.deferral_months >= loan.months:
            issues.append(FieldIssue("deferral_months", "forecast.error.deferral_too_long"))
        if loan.annual and (loan.months % 12 or loan.deferral_months % 12):
            issues.append(FieldIssue("months", "forecast.error.annual_months"))
    if issues:
        raise PlanError(issues)
    return loan


def from_json(text: str | bytes) -> Plan:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise PlanError([FieldIssue("", "forecast.error.not_json")]) from None
    return validate(data)


def months_between(start: date, end: date) -> int:
    """Months from the month of `start` to the month of `end`, both included."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def check(plan: Plan) -> list[FieldIssue]:
    """Rules across fields (each field alone is already valid)."""
    issues: list[FieldIssue] = []
    p = plan.project
    if not p.name.strip():
        issues.append(FieldIssue("project.name", "forecast.error.required"))
    length = months_between(p.start, p.first_closing)
    if p.first_closing < p.start:
        issues.append(FieldIssue("project.first_closing", "forecast.error.closing_before_start"))
    elif not 12 <= length <= 23:
        issues.append(FieldIssue("project.first_closing", "forecast.error.first_exercice_length",
                                 {"months": length}))
    if p.legal_form == "micro" and p.tax_regime != "ir":
        issues.append(FieldIssue("project.tax_regime", "forecast.error.micro_is_ir"))
    if p.legal_form in ("sas", "sasu") and plan.manager.regime == "tns":
        issues.append(FieldIssue("manager.regime", "forecast.error.sas_not_tns"))
    end = plan_end(plan)
    for group, items in (("charges", plan.charges), ("staff", plan.staff)):
        for i, item in enumerate(items):
            if item.start is not None and not p.start <= item.start <= end:
                issues.append(FieldIssue(f"{group}[{i}].start", "forecast.error.outside_plan"))
    for i, inv in enumerate(plan.investments):
        if not p.start <= inv.in_service < add_months(end, 1):
            issues.append(FieldIssue(f"investments[{i}].in_service", "forecast.error.outside_plan"))
    f = plan.financing
    for group, items in (("equity", f.equity), ("current_accounts", f.current_accounts),
                         ("honour_loans", f.honour_loans), ("subsidies", f.subsidies), ("loans", f.loans)):
        for i, item in enumerate(items):
            if item.month is not None and not p.start <= item.month <= end:
                issues.append(FieldIssue(f"financing.{group}[{i}].month", "forecast.error.outside_plan"))
    for i, loan in enumerate(f.loans):
        where = f"financing.loans[{i}]"
        if loan.deferral_months >= loan.months:
            issues.append(FieldIssue(f"{where}.deferral_months", "forecast.error.deferral_too_long"))
        if loan.annual and (loan.months % 12 or loan.deferral_months % 12):
            issues.append(FieldIssue(f"{where}.months", "forecast.error.annual_months"))
    return issues


def plan_end(plan: Plan) -> date:
    """First day of the last month of the plan: the end of the third exercice."""
    return add_months(plan.project.start, horizon(plan) - 1)


def horizon(plan: Plan) -> int:
    """Months computed: the first exercice (12-23 months) and two exercices of 12 months (36 to 47)."""
    return months_between(plan.project.start, plan.project.first_closing) + 24


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# --------------------------------------------------------------------------------------------- dumping

def _dump_value(hint: Any, meta: dict[str, Any], value: Any) -> Any:
    if value is None:
        return None
    if dataclasses.is_dataclass(value):
        return _dump(value)
    if isinstance(value, tuple):
        item = typing.get_args(_optional(hint)[0])[0]
        return [_dump_value(item, meta, v) for v in value]
    if isinstance(value, date):
        return value.isoformat()[:7] if meta.get("format") == "month" else value.isoformat()
    return value


def _dump(obj: Any) -> dict[str, Any]:
    hints = _hints(type(obj))
    return {f.name: _dump_value(hints[f.name], dict(f.metadata), getattr(obj, f.name))
            for f in dataclasses.fields(obj)}


# --------------------------------------------------------------------------------------------- JSON Schema

def _schema_of(hint: Any, meta: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    hint, nullable = _optional(hint)
    if dataclasses.is_dataclass(hint):
        _define(hint, defs)
        out: dict[str, Any] = {"$ref": f"#/$defs/{hint.__name__}"}
    elif typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        out = {"type": "array", "items": _schema_of(item, {} if dataclasses.is_dataclass(item) else meta, defs)}
        if meta.get("max_items") is not None:
            out["maxItems"] = meta["max_items"]
        if meta.get("length") is not None:
            out["minItems"] = out["maxItems"] = meta["length"]
    elif hint is bool:
        out = {"type": "boolean"}
    elif hint is str:
        out = {"type": "string", "maxLength": MAX_TEXT}
        if meta.get("choices"):
            out["enum"] = list(meta["choices"])
    elif hint is date:
        month = meta.get("format") == "month"
        out = {"type": "string", "pattern": r"^\d{4}-\d{2}$" if month else r"^\d{4}-\d{2}-\d{2}$",
               "format": "YYYY-MM" if month else "date"}
    else:
        out = {"type": "integer" if hint is int else "number"}
        if meta.get("minimum") is not None:
            out["exclusiveMinimum" if meta.get("exclusive_minimum") else "minimum"] = meta["minimum"]
        if meta.get("maximum") is not None:
            out["maximum"] = meta["maximum"]
    if nullable:
        out = {"anyOf": [out, {"type": "null"}]}
    if meta.get("doc"):
        out["description"] = meta["doc"]
    return out


def _define(cls: type, defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # placeholder against recursion
    hints = _hints(cls)
    props: dict[str, Any] = {}
    required = []
    for f in dataclasses.fields(cls):
        props[f.name] = _schema_of(hints[f.name], dict(f.metadata), defs)
        if f.default is not dataclasses.MISSING and not dataclasses.is_dataclass(f.default):
            props[f.name]["default"] = _dump_value(hints[f.name], dict(f.metadata), f.default)
        elif f.default_factory is not dataclasses.MISSING:
            made = f.default_factory()
            if not dataclasses.is_dataclass(made):
                props[f.name]["default"] = _dump_value(hints[f.name], dict(f.metadata), made)
        else:
            required.append(f.name)
    schema: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        schema["required"] = required
    if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("):
        schema["description"] = " ".join(cls.__doc__.split())
    defs[cls.__name__] = schema


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a plan document, generated from the dataclasses above."""
    defs: dict[str, Any] = {}
    _define(Plan, defs)
    root = defs.pop("Plan")
    root["properties"]["schema_version"] = {"const": SCHEMA_VERSION, "default": SCHEMA_VERSION,
                                            "description": "version of this document's shape"}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://pilote-pme.example/forecast/plan.schema.json",
            "title": "Pilote PME forecast plan",
            "description": "A business-plan forecast (prévisionnel): inputs only; outputs are computed by "
                           "forecast.engine.compute. Amounts in euros HT, rates as fractions (0.2 = 20 %).",
            **root, "$defs": dict(sorted(defs.items()))}
