"""A market study: the activity, the area and the assumptions (the document saved per user), and what
they give: the competition, the market three ways, the reachable revenue, and the forecast's check.

Every assumption has a default, an explanation and a source (catalogue keys market.assumption.<key>,
.<key>.help and market.source.*); the page shows them and lets the user change any of them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from market import competition as comp
from market import datasets, naf, sizing, store
from market.activities import BY_KEY
from market.errors import MarketError

BASES = ("top_down", "customers", "capacity")
# key -> (default, source key); spending and share get their defaults from the data and the activity.
DEFAULTS: dict[str, tuple[float | None, str]] = {
    "household_size": (sizing.HOUSEHOLD_SIZE, "market.source.household_size"),
    "spending_per_household": (None, "market.source.spending"),
    "share_to_business": (0.5, "market.source.preset"),
    "disparity_index": (1.0, "market.source.disparity"),
    "expected_share": (None, "market.source.equal_share"),
    "customers": (0.0, "market.source.user"),
    "purchases_per_year": (0.0, "market.source.user"),
    "basket": (0.0, "market.source.user"),
    "capacity": (0.0, "market.source.user"),
    "occupancy": (1.0, "market.source.user"),
    "revenue_per_unit": (0.0, "market.source.user"),
    "periods": (12.0, "market.source.user"),
}
DATASET_KINDS = ("sirene", "geo", "population", "spending")


@dataclass
class Study:
    """What the user chose; saved as JSON (to_dict / from_dict)."""
    codes: list[str]
    area: comp.Area
    nomenclature: str = naf.REV2
    activity: str | None = None          # a preset of market.activities, or None for free codes
    coicop: str = ""
    basis: str = "top_down"              # which market the reachable revenue is taken from
    assumptions: dict[str, float] = field(default_factory=dict)   # only the values the user changed
    forecast_id: str | None = None

    def to_dict(self) -> dict:
        return {"codes": self.codes, "area": self.area.to_dict(), "nomenclature": self.nomenclature,
                "activity": self.activity, "coicop": self.coicop, "basis": self.basis,
                "assumptions": self.assumptions, "forecast_id": self.forecast_id}

    @classmethod
    def from_dict(cls, data: dict) -> Study:
        return cls(list(data["codes"]), comp.Area.from_dict(data["area"]), data.get("nomenclature", naf.REV2),
                   data.get("activity"), data.get("coicop", ""), data.get("basis", "top_down"),
                   {k: float(v) for k, v in (data.get("assumptions") or {}).items()}, data.get("forecast_id"))

    @classmethod
    def for_activity(cls, key: str, area: comp.Area) -> Study:
        preset = BY_KEY[key]
        return cls(list(preset.codes), area, activity=key, coicop=preset.coicop)


def figures(result: Result) -> dict:
    """What a saved study keeps of its results: enough to show what was found, and from which data."""
    c = result.competition
    return {"active": c.active, "population": c.area.population, "density": c.density,
            "departement_density": c.departement_density, "national_density": c.national_density,
            "market": result.market, "share": result.share, "reachable": result.reachable,
            "checks": sizing.checks_to_dicts(result.checks), "datasets": result.dataset_labels, "demo": result.demo}


@dataclass
class Result:
    study: Study
    competition: comp.Competition
    values: dict[str, float]             # every assumption, defaults filled in
    sources: dict[str, str]              # assumption -> source text key or dataset label
    markets: dict[str, float]            # basis -> yearly market (0 where its inputs are not given)
    market: float
    share: float
    reachable: float
    checks: list[sizing.YearCheck]
    dataset_labels: list[str]
    demo: bool


def _spending(coicop: str) -> tuple[float | None, str]:
    if not coicop:
        return None, ""
    rows = store.rows("spending_item", [coicop])
    return (float(rows[0][2]), str(rows[0][1])) if rows and rows[0][2] is not None else (None, "")


def assumptions(study: Study, competitors: int) -> tuple[dict[str, float], dict[str, str]]:
    """Every assumption's value (the user's, else its default) and where it comes from; the defaults
    alone are `assumptions(replace(study, assumptions={}), n)`."""
    values, sources = {}, {}
    spending, _ = _spending(study.coicop)
    preset = BY_KEY.get(study.activity or "")
    for key, (default, source) in DEFAULTS.items():
        if key == "spending_per_household":
            default = spending or 0.0
        elif key == "share_to_business" and preset:
            default = preset.share
        elif key == "expected_share":
            default = sizing.default_share(competitors)
        values[key] = study.assumptions.get(key, default)
        sources[key] = "market.source.user_changed" if key in study.assumptions else source
    return values, sources


def evaluate(study: Study, revenues: list[float] | None = None, lang: str = "fr", today: date | None = None,
             competition: comp.Competition | None = None) -> Result:
    """The study's figures; MarketError for a bad code or area, or missing data. `competition` from an
    earlier run of the same codes and area is reused (the sizing alone is recomputed when an assumption
    changes)."""
    if study.basis not in BASES:
        raise MarketError("market.error.basis")
    found = store.datasets()
    missing = [k for k in ("sirene", "population") if k not in found]
    if missing:
        raise MarketError("market.error.no_data", what=", ".join(missing))
    if competition is None:
        competition = comp.competition(study.codes, study.area, study.nomenclature, today)
    values, sources = assumptions(study, competition.active)
    population = competition.area.population
    markets = {
        "top_down": sizing.top_down(population, values["spending_per_household"], values["share_to_business"],
                                    values["disparity_index"], values["household_size"] or sizing.HOUSEHOLD_SIZE),
        "customers": sizing.bottom_up_customers(values["customers"], values["purchases_per_year"], values["basket"]),
        "capacity": sizing.bottom_up_capacity(values["capacity"], values["occupancy"], values["revenue_per_unit"],
                                              values["periods"]),
    }
    market = markets[study.basis]
    reach = sizing.reachable(market, values["expected_share"])
    checks = sizing.compare(revenues or [], market, reach)
    used = [k for k in DATASET_KINDS if k in found] + (["ban"] if study.area.address and "ban" in found else [])
    labels = [label for k in used if (label := datasets.dataset_label(k, lang))]
    return Result(study, competition, values, sources, markets, market, values["expected_share"], reach, checks,
                  labels, any(found[k].demo for k in used))
