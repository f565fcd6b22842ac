"""The competition in an area: active establishments of the activity's codes, their headcount bands and
creation dates, the density per 10,000 inhabitants beside the département's and the nation's, the
creations and closures of recent years, and the points for the map.

An area is communes, a département, an EPCI, or a radius around a commune's centre, an address or a point. The
queries run per code (`naf = ?`), which the sort order of the table makes cheap.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from market import addresses, naf, store
from market.errors import MarketError

MAX_KM = 100.0        # a local market; beyond, the "competition" is most of a region
KM_PER_DEGREE = 111.32
EARTH_KM = 6371.0
AREA_KINDS = ("communes", "departement", "epci", "radius")
DYNAMICS_YEARS = 5


@dataclass(frozen=True)
class Area:
    kind: str                          # one of AREA_KINDS
    codes: tuple[str, ...] = ()        # communes, or the département / EPCI code
    lat: float | None = None           # radius: the centre (a point, or a commune's centre)
    lon: float | None = None
    km: float | None = None
    around: str | None = None          # radius around this commune's centre
    address: str | None = None         # radius around this address (found in the imported BAN)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "codes": list(self.codes), "lat": self.lat, "lon": self.lon, "km": self.km,
                "around": self.around, "address": self.address}

    @classmethod
    def from_dict(cls, data: dict) -> Area:
        return cls(data["kind"], tuple(data.get("codes") or ()), data.get("lat"), data.get("lon"), data.get("km"),
                   data.get("around"), data.get("address"))


@dataclass(frozen=True)
class ResolvedArea:
    area: Area
    communes: tuple[str, ...]          # empty for a radius (its establishments are found by distance)
    population: int
    departements: tuple[str, ...]
    label: str
    centre: tuple[float, float] | None = None


@dataclass
class Competition:
    codes: list[str]
    nomenclature: str
    area: ResolvedArea
    active: int
    density: float                     # per 10,000 inhabitants
    departement_density: float | None
    national_density: float | None
    headcount: dict[str, int]
    dynamics: list[tuple[int, int, int]]   # (year, creations, closures)
    establishments: pd.DataFrame = field(repr=False)   # the active ones, for the table and the map

    @property
    def mapped(self) -> pd.DataFrame:
        return self.establishments[self.establishments["lat"].notna()]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def _box(lat: float, lon: float, km: float) -> list[float]:
    dlat = km / KM_PER_DEGREE
    dlon = km / (KM_PER_DEGREE * max(0.01, math.cos(math.radians(lat))))
    return [lat - dlat, lat + dlat, lon - dlon, lon + dlon, lat, lat, lon, km]


def check_radius(km: float | None, lat: float | None, lon: float | None) -> None:
    if km is None or not (0 < km <= MAX_KM):
        raise MarketError("market.error.radius", max=int(MAX_KM))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise MarketError("market.error.point")


def resolve(area: Area) -> ResolvedArea:
    """The area's communes, population and départements, or MarketError (unknown code, no population)."""
    if area.kind not in AREA_KINDS:
        raise MarketError("market.error.area_kind")
    if area.kind == "radius":
        lat, lon, place = area.lat, area.lon, None
        if area.address is not None:  # "" (nothing typed) gets the message saying what to type
            found_address = addresses.locate(area.address)
            lat, lon, place = found_address.lat, found_address.lon, found_address.label
        elif area.around:
            found = store.rows("commune_centre", [area.around])
            if not found:
                raise MarketError("market.error.unknown_commune", code=area.around)
            lat, lon = found[0]
        check_radius(area.km, lat, lon)
        rows = store.rows("radius_communes", _box(lat, lon, area.km))
        named = store.rows("communes_population", [[area.around], []]) if area.around else []
        place = place or (named[0][3] if named else f"{lat:.4f}, {lon:.4f}")
        label = f"{area.km:g} km — {place}"
        centre = (lat, lon)
    else:
        if not area.codes:
            raise MarketError("market.error.no_area")
        if area.kind == "communes":
            codes = [c.strip().upper() for c in area.codes]
            rows = store.rows("communes_population", [codes, codes])
            known = {r[0] for r in rows}
            unknown = [c for c in codes if c not in known]
            if unknown:
                raise MarketError("market.error.unknown_commune", code=unknown[0])
            label = ", ".join(r[3] for r in rows if r[0] in codes)
        elif area.kind == "departement":
            code = area.codes[0].strip().upper()
            rows = store.rows("departement_communes", [code])
            if not rows:
                raise MarketError("market.error.unknown_departement", code=area.codes[0])
            named = store.rows("departement_name", [code])
            label = f"{code} {named[0][0]}" if named else code
        else:
            members = store.rows("epci_communes", [area.codes[0].strip()])
            if not members:
                raise MarketError("market.error.unknown_epci", code=area.codes[0])
            codes = [m[0] for m in members]
            rows = store.rows("communes_population", [codes, codes])
            label = members[0][1]
        centre = None
    population = int(sum(r[1] or 0 for r in rows))
    if population <= 0:
        raise MarketError("market.error.no_population")
    communes = () if area.kind == "radius" else tuple(r[0] for r in rows)
    departements = tuple(sorted({r[2] for r in rows if r[2]}))
    return ResolvedArea(area, communes, population, departements, label, centre)


def _rows(code: str, nomenclature: str, where: ResolvedArea) -> pd.DataFrame:
    suffix = "" if nomenclature == naf.REV2 else "_naf2025"
    area = where.area
    if area.kind == "radius":
        lat, lon = where.centre
        return store.frame(f"rows_radius{suffix}", [code, *_box(lat, lon, area.km)])
    if area.kind == "departement":
        return store.frame(f"rows_departement{suffix}", [code, where.departements[0]])
    return store.frame(f"rows_communes{suffix}", [code, list(where.communes)])


def establishments(codes: list[str], nomenclature: str, where: ResolvedArea) -> pd.DataFrame:
    """Every establishment (active and closed) of the codes in the area."""
    frames = [_rows(code, nomenclature, where) for code in codes]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _densities(codes: list[str], nomenclature: str, departements: tuple[str, ...]) -> tuple[float | None, float | None]:
    suffix = "" if nomenclature == naf.REV2 else "_naf2025"
    per_dep: dict[str, int] = {}
    for code in codes:
        for dep, count in store.rows(f"counts_by_departement{suffix}", [code]):
            per_dep[dep] = per_dep.get(dep, 0) + count
    national_population = store.rows("national_population", [])[0][0]
    dep_population = sum(p for _, p in store.rows("departements_population", [list(departements)]))
    dep_active = sum(per_dep.get(d, 0) for d in departements)
    national = sum(per_dep.values()) / national_population * 10_000 if national_population else None
    dep_density = dep_active / dep_population * 10_000 if dep_population else None
    return dep_density, national


def dynamics(rows: pd.DataFrame, today: date, years: int = DYNAMICS_YEARS) -> list[tuple[int, int, int]]:
    """(year, creations, closures) for the last `years` complete years and the current one."""
    created = pd.to_datetime(rows["created"]).dt.year if len(rows) else pd.Series(dtype="float64")
    closed_rows = rows[~rows["active"].astype(bool)] if len(rows) else rows
    closed = pd.to_datetime(closed_rows["state_since"]).dt.year if len(rows) else pd.Series(dtype="float64")
    return [(y, int((created == y).sum()), int((closed == y).sum())) for y in range(today.year - years, today.year + 1)]


def competition(codes: list[str], area: Area, nomenclature: str = naf.REV2, today: date | None = None) -> Competition:
    """The whole competition block of the page (also what `python -m market competitors` prints)."""
    codes = naf.check_codes(codes, nomenclature)
    where = resolve(area)
    rows = establishments(codes, nomenclature, where)
    active = rows[rows["active"].astype(bool)].reset_index(drop=True) if len(rows) else rows
    count = len(active)
    dep_density, national = _densities(codes, nomenclature, where.departements)
    headcount = active["headcount"].fillna("NN").value_counts().to_dict() if count else {}
    return Competition(codes, nomenclature, where, count, count / where.population * 10_000, dep_density, national,
                       {str(k): int(v) for k, v in headcount.items()}, dynamics(rows, today or date.today()), active)
