"""Importers on small files in the official layouts (`,` and `;`, a zip, a Parquet), and bad files: each
gives its clear message and leaves the previous dataset exactly as it was."""
from __future__ import annotations

import zipfile
from datetime import date

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from market import datasets, files, store
from market.errors import MarketError
from market.layouts import SIRENE_COLUMNS
from storage import get_db
from tests.unit.market.market_helpers import (
    geo_row,
    sirene_row,
    write_geo,
    write_population,
    write_sirene,
)

ROWS = [sirene_row("12345678900011", "10.71C", "69123"), sirene_row("12345678900029", "10.71C", "69123", "F",
                                                                    since="2024-05-02"),
        sirene_row("98765432100015", "56.10A", "01053")]


def counts() -> tuple:
    return get_db().query_one("SELECT count(*), count(*) FILTER (WHERE active), max(siret) "
                              "FROM audience.market_establishments")


def no_staging_left() -> bool:
    return not get_db().query("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '%_staging'")


@pytest.mark.parametrize("delim", [",", ";"])
def test_sirene_csv_with_either_separator(db, tmp_path, delim):
    path = write_sirene(tmp_path / "StockEtablissement_utf8.csv", ROWS, delim)
    result = datasets.import_file("sirene", path, file_date=date(2026, 11, 30))
    assert (result.kind, result.rows) == ("sirene", 3)
    assert counts() == (3, 2, "98765432100015")
    row = db.query_one("SELECT naf, departement, headcount, created, state_since, naf25 FROM "
                       "audience.market_establishments WHERE siret = '12345678900029'")
    assert row == ("10.71C", "69", "01", date(2015, 3, 1), date(2024, 5, 2), None)  # no NAF 2025 column: NULL
    assert datasets.dataset_label("sirene", "fr") == "Sirene au 30/11/2026"


def test_sirene_zip_and_parquet(db, tmp_path):
    csv_path = write_sirene(tmp_path / "StockEtablissement_utf8.csv", ROWS)
    archive = tmp_path / "StockEtablissement_utf8.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(zipfile.ZipInfo("StockEtablissement_utf8.csv", (2026, 11, 30, 0, 0, 0)), csv_path.read_bytes())
    result = datasets.import_file("sirene", archive)
    assert result.rows == 3 and result.file_date == date(2026, 11, 30)  # the member's date
    assert not list(store.work_dir().glob("*"))  # the extracted member is gone
    table = pacsv.read_csv(csv_path, convert_options=pacsv.ConvertOptions(
        column_types={c: pa.string() for c in SIRENE_COLUMNS}))
    pq.write_table(table.slice(0, 2), tmp_path / "StockEtablissement.parquet")
    assert datasets.import_file("sirene", tmp_path / "StockEtablissement.parquet").rows == 2
    assert counts()[0] == 2


def test_geo_joined_on_siret_in_either_order(db, tmp_path):
    write_geo(tmp_path / "geo.csv", [geo_row("12345678900011", 45.76, 4.84)])
    datasets.import_file("geo", tmp_path / "geo.csv")
    datasets.import_file("sirene", write_sirene(tmp_path / "s.csv", ROWS))
    assert db.query("SELECT siret, lat, lon, geo_precision FROM audience.market_establishments "
                    "WHERE lat IS NOT NULL") == [("12345678900011", 45.76, 4.84, 10.0)]
    write_geo(tmp_path / "geo2.csv", [geo_row("98765432100015", 46.2, 5.2)])
    datasets.import_file("geo", tmp_path / "geo2.csv")  # a new geo file re-attaches the positions
    assert db.query("SELECT siret FROM audience.market_establishments WHERE lat IS NOT NULL") == [("98765432100015",)]
    assert db.query("SELECT commune, points FROM audience.market_commune_centres") == [("01053", 1)]


def test_population_from_the_ensemble_zip(db, tmp_path):
    csv_path = write_population(tmp_path / "donnees_communes.csv", {"69123": 522_250, "01053": 41_000})
    archive = tmp_path / "ensemble.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("donnees_regions.csv", "CODREG;REG;PMUN;PTOT\n84;ARA;1;1\n")
        zf.write(csv_path, "donnees_communes.csv")
    datasets.import_file("population", archive)
    assert db.query("SELECT commune, departement, population FROM audience.market_population ORDER BY 1") == [
        ("01053", "01", 41_000), ("69123", "69", 522_250)]


def bad(kind: str, path) -> MarketError:
    with pytest.raises(MarketError) as caught:
        datasets.import_file(kind, path)
    return caught.value


@pytest.fixture
def imported(db, tmp_path):
    datasets.import_file("sirene", write_sirene(tmp_path / "good.csv", ROWS), file_date=date(2026, 10, 31))
    return counts()


def test_wrong_file_separator_encoding_columns(imported, tmp_path):
    geo = write_geo(tmp_path / "geo.csv", [geo_row("12345678900011", 45.0, 4.0)])
    error = bad("sirene", geo)
    assert error.key == "market.import.error.other_file"
    assert "Sirene géolocalisé" in error.message("fr") and "StockEtablissement" in error.message("fr")

    piped = tmp_path / "piped.csv"
    piped.write_text("|".join(SIRENE_COLUMNS) + "\n1|2\n", encoding="utf-8")
    assert bad("sirene", piped).key == "market.import.error.separator"

    latin = tmp_path / "latin.csv"
    latin.write_bytes(",".join(SIRENE_COLUMNS).encode() + b"\n" + "Boulangerie Hélène".encode("latin-1"))
    assert bad("sirene", latin).key == "market.import.error.encoding"

    older = tmp_path / "older.csv"  # a layout without nomenclatureActivitePrincipaleEtablissement
    columns = [c for c in SIRENE_COLUMNS if c != "nomenclatureActivitePrincipaleEtablissement"]
    older.write_text(",".join(columns) + "\n", encoding="utf-8")
    error = bad("sirene", older)
    assert error.key == "market.import.error.missing_columns"
    assert "nomenclatureActivitePrincipaleEtablissement" in error.message("en")

    assert bad("sirene", tmp_path / "absent.csv").key == "market.import.error.not_found"
    assert bad("population", geo).key == "market.import.error.other_file"
    assert counts() == imported and no_staging_left()
    assert store.datasets()["sirene"].file_date == date(2026, 10, 31)  # the date of the kept dataset


def test_a_full_disk_imports_nothing(imported, tmp_path, monkeypatch):
    archive = tmp_path / "stock.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(write_sirene(tmp_path / "new.csv", ROWS[:1]), "StockEtablissement_utf8.csv")
    monkeypatch.setattr(files, "free_bytes", lambda folder: 10_000_000)
    error = bad("sirene", archive)
    assert error.key == "market.import.error.disk_full" and "Go" in error.message("fr")
    assert counts() == imported and not list(store.work_dir().glob("*"))
    assert bad("sirene", tmp_path / "new.csv").key == "market.import.error.disk_full"  # a plain file too
    assert counts() == imported


def test_a_failure_during_the_swap_rolls_everything_back(imported, tmp_path, monkeypatch):
    real_sql = store._sql

    def failing(name: str) -> str:  # the last statement of the swap fails (e.g. the disk fills up then)
        if name == "record_dataset":
            raise OSError(28, "No space left on device")
        return real_sql(name)
    monkeypatch.setattr(store, "_sql", failing)
    error = bad("sirene", write_sirene(tmp_path / "new.csv", ROWS[:1]))
    assert error.key == "market.import.error.disk_full"
    assert counts() == imported and no_staging_left()
    assert store.datasets()["sirene"].file_date == date(2026, 10, 31)


def test_other_writes_go_on_while_an_import_builds(imported, tmp_path, monkeypatch):
    """The long part of an import does not hold the write lock: a write in another thread completes."""
    import threading

    from storage import get_db
    started, release, done = threading.Event(), threading.Event(), threading.Event()
    real_sql = store._sql

    def slow(name: str) -> str:
        if name == "stage_centres":
            started.set()
            release.wait(10)
        return real_sql(name)
    monkeypatch.setattr(store, "_sql", slow)
    worker = threading.Thread(target=datasets.import_file,
                              args=("sirene", write_sirene(tmp_path / "new.csv", ROWS[:1])))
    worker.start()
    assert started.wait(10)
    writer = threading.Thread(target=lambda: (get_db().execute("CREATE TABLE probe (x INTEGER)"), done.set()))
    writer.start()
    assert done.wait(10), "a write had to wait for the import"
    release.set()
    worker.join(10)
    writer.join(10)
    assert counts()[0] == 1


def test_unreadable_values_and_empty_files(imported, tmp_path):
    population = write_population(tmp_path / "pop.csv", {"69123": 1})
    population.write_text(population.read_text().replace(";1;0;1", ";n/a;0;1"), encoding="utf-8")
    assert bad("population", population).key == "market.import.error.bad_values"
    empty = write_sirene(tmp_path / "empty.csv", [])
    assert bad("sirene", empty).key == "market.import.error.empty"
    assert bad("nothing", empty).key == "market.import.error.kind"
    assert counts() == imported


def test_make_run_seeding_imports_the_demo_datasets_once(db):
    from demo.seed import seed_demo
    seed_demo({"user": "a long demo password"})
    found = store.datasets()
    assert set(found) == {"sirene", "geo", "population", "cog_communes", "cog_departements", "epci", "bpe",
                          "spending", "ban"}
    assert all(d.demo for d in found.values())
    first = found["sirene"].imported_at
    seed_demo()
    assert store.datasets()["sirene"].imported_at == first  # not imported again
