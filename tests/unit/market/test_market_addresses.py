"""The national address file (BAN): its importer on a file in the published layout, the address search
(accents, case, a missing number, not found, no BAN), and a radius around an address, from the study
and from the command line."""
from __future__ import annotations

import gzip
import json
from datetime import date

import pytest

from market import addresses, cli, datasets, store
from market import competition as comp
from market.errors import MarketError
from market.layouts import BAN_COLUMNS
from market.study import Study, evaluate
from tests.unit.market.market_helpers import csv_bytes


def ban_row(number: int | str, street: str, postcode: str, insee: str, commune: str, lat: float, lon: float,
            rep: str = "") -> dict:
    return {"id": f"{insee}_x_{number}", "id_fantoir": "", "numero": str(number), "rep": rep, "nom_voie": street,
            "code_postal": postcode, "code_insee": insee, "nom_commune": commune, "x": "842000", "y": "6519000",
            "lon": f"{lon:.6f}", "lat": f"{lat:.6f}", "type_position": "entrée", "libelle_acheminement": "LYON",
            "nom_afnor": street.upper(), "source_position": "commune", "source_nom_voie": "commune",
            "certification_commune": "1", "cad_parcelles": "69382000AB0012"}


ROWS = [ban_row(10, "Rue de la République", "69002", "69382", "Lyon 2e Arrondissement", 45.7601, 4.8357),
        ban_row(12, "Rue de la République", "69002", "69382", "Lyon 2e Arrondissement", 45.7605, 4.8359),
        ban_row(12, "Rue de la République", "69002", "69382", "Lyon 2e Arrondissement", 45.7606, 4.8359, "bis"),
        ban_row(14, "Rue de la République", "69002", "69382", "Lyon 2e Arrondissement", 45.7609, 4.8361),
        ban_row(3, "Place Bellecour", "69002", "69382", "Lyon 2e Arrondissement", 45.7578, 4.8320),
        ban_row(12, "Rue de la République", "01000", "01053", "Bourg-en-Bresse", 46.2050, 5.2250),
        ban_row(1, "Chemin de l'Église", "01000", "01053", "Bourg-en-Bresse", 46.2100, 5.2300)]


@pytest.fixture
def ban(db, tmp_path):
    path = tmp_path / "adresses-69.csv"
    path.write_bytes(csv_bytes(BAN_COLUMNS, ROWS, ";"))
    return datasets.import_file("ban", path, file_date=date(2026, 11, 25))


def test_the_importer_keeps_the_needed_columns_sorted_by_commune_and_street(ban, db):
    assert (ban.kind, ban.rows) == ("ban", 7)
    assert datasets.dataset_label("ban", "fr") == "BAN (fichier du 25/11/2026)"
    rows = db.query("SELECT commune, street_key, number, rep, postcode, lat FROM audience.market_addresses")
    assert rows[0] == ("01053", "chemin de l eglise", 1, None, "01000", 46.21)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert ("69382", "rue de la republique", 12, "bis", "69002", 45.7606) in rows
    columns = [r[0] for r in db.query("SELECT column_name FROM duckdb_columns() WHERE table_name = 'market_addresses'")]
    assert "cad_parcelles" not in columns and "nom_afnor" not in columns


def test_the_published_download_gzipped_imports_as_is(db, tmp_path):
    path = tmp_path / "adresses-france.csv.gz"
    path.write_bytes(gzip.compress(csv_bytes(BAN_COLUMNS, ROWS, ";")))
    assert datasets.import_file("ban", path).rows == 7
    path.write_bytes(gzip.compress(csv_bytes(BAN_COLUMNS, ROWS, ";"))[:40])  # cut short
    with pytest.raises(MarketError) as caught:
        datasets.import_file("ban", path)
    assert caught.value.key == "market.import.error.damaged"
    assert store.datasets()["ban"].row_count == 7


def test_a_file_without_the_published_columns_is_refused_and_the_ban_kept(ban, tmp_path):
    wrong = tmp_path / "adresses.csv"
    row = {k: v for k, v in ROWS[0].items() if k != "code_insee"}
    wrong.write_bytes(csv_bytes([c for c in BAN_COLUMNS if c != "code_insee"], [row], ";"))
    with pytest.raises(MarketError) as caught:
        datasets.import_file("ban", wrong)
    assert caught.value.key == "market.import.error.missing_columns" and "code_insee" in caught.value.message()
    assert store.datasets()["ban"].row_count == 7


@pytest.mark.parametrize("typed", ["12 rue de la République, 69002 Lyon", "12 RUE DE LA REPUBLIQUE 69002",
                                   "12, rue de la republique, Lyon 2e Arrondissement", "12 r. de la Republique, 69002"])
def test_the_search_ignores_case_accents_and_punctuation(ban, typed):
    best = addresses.search(typed)[0]
    assert (best.number, best.rep, best.commune, best.lat) == (12, None, "69382", 45.7605)
    assert best.label == "12 Rue de la République, 69002 Lyon 2e Arrondissement"
    assert addresses.locate(best.label) == best  # the label shown reads back to the same address


def test_a_missing_number_takes_the_street_and_a_missing_one_the_nearest(ban):
    street = addresses.search("rue de la république, 69002")
    assert len(street) == 1 and street[0].number is None
    assert street[0].lat == pytest.approx(45.76055)  # the median of the street's four positions
    assert addresses.locate("13 rue de la République, 69002 Lyon").number in (12, 14)
    assert (addresses.locate("12 bis rue de la République, 69002").rep, addresses.locate("12B r République, 69002").rep,
            addresses.locate("12 rue de la République, 69002").rep) == ("bis", None, None)
    assert addresses.locate("12 rue de la République, Bourg-en-Bresse").commune == "01053"


def test_not_found_incomplete_and_no_ban(db, ban):
    for typed, key in [("12 rue Imaginaire, 69002 Lyon", "market.error.address_not_found"),
                       ("12 rue de la République, 75001 Paris", "market.error.address_not_found"),
                       ("12 rue de la République", "market.error.address_incomplete"),
                       ("", "market.error.address_incomplete")]:
        with pytest.raises(MarketError) as caught:
            addresses.search(typed)
        assert caught.value.key == key
    assert "Imaginaire" in MarketError("market.error.address_not_found", address="rue Imaginaire").message("en")
    db.execute("DELETE FROM audience.market_datasets WHERE kind = 'ban'")
    with pytest.raises(MarketError) as caught:
        addresses.search("12 rue de la République, 69002 Lyon")
    assert caught.value.key == "market.error.no_ban" and "BAN" in caught.value.message("en")


def test_a_radius_around_an_address_from_the_study_and_the_cli(demo_data, capsys):
    town = store.rows("address_search_street", ["rue de la republique", "69007", "", "", 1])[0]
    typed = f"3 rue de la republique, {town[3]}"
    found = comp.competition(["56.10A"], comp.Area("radius", address=typed, km=3))
    centre = addresses.locate(typed)
    assert found.area.centre == (centre.lat, centre.lon) and centre.label in found.area.label
    by_point = comp.competition(["56.10A"], comp.Area("radius", lat=centre.lat, lon=centre.lon, km=3))
    assert found.active == by_point.active > 0
    assert comp.Area.from_dict(found.area.area.to_dict()).address == typed
    result = evaluate(Study(["56.10A"], found.area.area), competition=found)
    assert result.dataset_labels[-1] == "BAN (fichier du 30/11/2026) — données de démonstration"  # exported
    assert cli.main(["competitors", "--naf", "56.10A", "--address", typed, "--km", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["count"] == found.active and out["sources"][-1].startswith("BAN (fichier du 30/11/2026")
    assert cli.main(["--lang", "en", "competitors", "--naf", "56.10A", "--address", "1 rue Nulle Part, 69007",
                     "--km", "3"]) == 2
    assert "Address not found" in capsys.readouterr().err
