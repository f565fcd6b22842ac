"""Competition counts by area kind, the radius search against a hand-computed case, densities, dynamics,
and bad input (unknown code, no population, radius 0 or 10,000 km)."""
from __future__ import annotations

from datetime import date

import pytest

from market import competition as comp
from market import datasets, naf
from market.errors import MarketError
from tests.unit.market.market_helpers import geo_row, sirene_row, write_geo, write_population, write_sirene

CENTRE = (45.0, 5.0)
# One degree of latitude is 6371 × π / 180 = 111.195 km; one of longitude at 45° is 111.195 × cos 45° = 78.63 km.
POINTS = {
    "10000000000011": (45.08, 5.0),    # 0.08° north: 8.90 km, inside 10 km
    "10000000000029": (45.10, 5.0),    # 0.10° north: 11.12 km, outside
    "10000000000037": (45.0, 5.12),    # 0.12° east: 9.44 km, inside
    "10000000000045": (45.0, 5.13),    # 0.13° east: 10.22 km, outside
    "10000000000052": (44.95, 4.95),   # 5.56 km south, 3.93 km west: 6.81 km, inside
}


@pytest.fixture
def hand_made(db, tmp_path):
    rows = [sirene_row(s, "10.71C", "26001") for s in POINTS]
    rows += [sirene_row("20000000000019", "10.71C", "26002", "F", created="2022-01-10", since="2025-06-30"),
             sirene_row("20000000000027", "56.10A", "26001"),
             sirene_row("20000000000035", "10.71C", "38001", band="11")]
    write_geo(tmp_path / "geo.csv", [geo_row(s, lat, lon) for s, (lat, lon) in POINTS.items()])
    datasets.import_file("geo", tmp_path / "geo.csv")
    datasets.import_file("sirene", write_sirene(tmp_path / "stock.csv", rows))
    datasets.import_file("population", write_population(tmp_path / "pop.csv",
                                                        {"26001": 20_000, "26002": 5_000, "38001": 75_000}))


def test_haversine_by_hand():
    assert comp.haversine_km(45, 5, 46, 5) == pytest.approx(111.195, abs=0.001)
    assert comp.haversine_km(*CENTRE, 45.0, 5.12) == pytest.approx(9.435, abs=0.01)


def test_radius_search_matches_the_hand_computed_distances(hand_made):
    result = comp.competition(["10.71C"], comp.Area("radius", lat=CENTRE[0], lon=CENTRE[1], km=10))
    assert sorted(result.establishments["siret"]) == ["10000000000011", "10000000000037", "10000000000052"]
    inside = [s for s, p in POINTS.items() if comp.haversine_km(*CENTRE, *p) <= 10]
    assert sorted(inside) == sorted(result.establishments["siret"])
    # Around a commune's centre: the median of its geolocated establishments.
    around = comp.competition(["10.71C"], comp.Area("radius", around="26001", km=20))
    assert around.area.centre == pytest.approx((45.0, 5.0))
    assert around.active == 5


def test_communes_departement_densities_and_dynamics(hand_made):
    result = comp.competition(["10.71C"], comp.Area("communes", ("26001", "26002")), today=date(2026, 12, 1))
    assert result.active == 5 and result.area.population == 25_000
    assert result.density == pytest.approx(2.0)                       # 5 / 25,000 × 10,000
    assert result.departement_density == pytest.approx(2.0)           # département 26: the same communes
    assert result.national_density == pytest.approx(6 / 100_000 * 10_000)
    assert dict((y, (c, f)) for y, c, f in result.dynamics)[2025] == (0, 1)   # one closure in 2025
    assert dict((y, (c, f)) for y, c, f in result.dynamics)[2022] == (1, 0)
    assert result.headcount == {"01": 5}
    dep = comp.competition(["10.71C", "56.10A"], comp.Area("departement", ("38",)))
    assert dep.active == 1 and dep.headcount == {"11": 1}


@pytest.mark.parametrize(("codes", "area", "key"), [
    (["99.99Z"], comp.Area("departement", ("26",)), "market.error.unknown_code"),
    ([], comp.Area("departement", ("26",)), "market.error.no_code"),
    (["10.71C"], comp.Area("radius", lat=45.0, lon=5.0, km=0), "market.error.radius"),
    (["10.71C"], comp.Area("radius", lat=45.0, lon=5.0, km=10_000), "market.error.radius"),
    (["10.71C"], comp.Area("radius", lat=95.0, lon=5.0, km=5), "market.error.point"),
    (["10.71C"], comp.Area("radius", lat=10.0, lon=10.0, km=5), "market.error.no_population"),
    (["10.71C"], comp.Area("communes", ("99999",)), "market.error.unknown_commune"),
    (["10.71C"], comp.Area("departement", ("2A",)), "market.error.unknown_departement"),
    (["10.71C"], comp.Area("epci", ("200000000",)), "market.error.unknown_epci"),
    (["10.71C"], comp.Area("communes", ()), "market.error.no_area"),
])
def test_bad_input_has_a_message(hand_made, codes, area, key):
    with pytest.raises(MarketError) as caught:
        comp.competition(codes, area)
    assert caught.value.key == key
    assert caught.value.message("en") != key and caught.value.message("fr") != caught.value.message("en")


def test_nomenclatures_and_codes():
    assert len(naf.rev2_labels()) == 732
    assert naf.check_codes([" 1071c", "47.24Z", "10.71C"]) == ["10.71C", "47.24Z"]
    assert ("10.71C", "Boulangerie et boulangerie-pâtisserie") in naf.search("boulangerie")
    assert naf.search("56.10")[0][0] == "56.10A"


def test_naf_2025_codes_come_from_the_stock(demo_data):
    codes = naf.naf2025_codes()
    assert "56.11Y" in codes
    result = comp.competition(["56.11Y"], comp.Area("departement", ("69",)), naf.NAF2025)
    rev2 = comp.competition(["56.10A"], comp.Area("departement", ("69",)))
    assert result.active == rev2.active > 0  # the demo stock maps 56.10A to 56.11Y
    with pytest.raises(MarketError):
        naf.check_codes(["56.10A"], naf.NAF2025)


def test_epci_and_the_demo_label(demo_data):
    result = comp.competition(["10.71C"], comp.Area("epci", ("200046977",)))
    assert result.area.label == "Métropole démo" and result.active > 0
    assert comp.resolve(comp.Area("departement", ("69",))).label == "69 Rhône (démo)"
    assert datasets.dataset_label("sirene", "fr") == "Sirene au 30/11/2026 — données de démonstration"
