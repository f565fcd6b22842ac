"""Demonstration datasets, generated here in exactly the published layouts, then imported like real files.

`make run` works offline with them (demo.seed calls `seed_demo_market`). Everything about them is made
up: fictitious commune names in two départements, establishments scattered around each commune's
centre, a few streets per commune in the national address file, spending figures of the right order of
magnitude. Every dataset imported from them is recorded as demo data, and every figure computed from it
says "données de démonstration".

    python -m market.demo DIR     # only write the files (to look at them, or to test an import)
"""
from __future__ import annotations

import csv
import io
import logging
import random
import sys
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from market import datasets, store
from market.layouts import BAN_COLUMNS, GEO_COLUMNS, SIRENE_COLUMNS

log = logging.getLogger(__name__)
FILE_DATE = date(2026, 11, 30)
# Per 10,000 inhabitants: roughly how many active establishments of each code a French town has.
RATES = {"10.71C": 5.5, "10.71D": 0.8, "47.24Z": 0.6, "56.10A": 11.0, "56.10C": 9.0, "96.02A": 9.0,
         "47.76Z": 2.0, "47.73Z": 3.0, "47.71Z": 5.0, "56.30Z": 5.0, "86.21Z": 8.0, "68.31Z": 5.0}
NAF25 = {"56.10A": "56.11Y", "56.10C": "56.12Y"}  # a few codes that change under NAF 2025 (illustrative)
DEPARTEMENTS = {"69": ("84", "Rhône (démo)", 45.76, 4.84), "01": ("84", "Ain (démo)", 46.20, 5.23)}
SYLLABLES = ("Bel", "Mont", "Val", "Roche", "Font", "Ville", "Saint-Aur", "Prés", "Bois", "Clair", "Pont", "Fleur")
SUFFIXES = ("-sur-Démo", "-les-Essais", "-le-Fictif", "", "-la-Modèle", "-en-Exemple")
SPENDING = (("01.1.1", "Pain et céréales", 960.0), ("11.1.1", "Restaurants, cafés et établissements similaires",
            1850.0), ("12.1.1", "Salons de coiffure et établissements de soins personnels", 330.0),
            ("09.3.3", "Jardinage, plantes et fleurs", 230.0), ("06.1.1", "Produits pharmaceutiques", 520.0),
            ("03.1.2", "Vêtements", 1050.0))
STREETS = ("Rue de la République", "Place de l'Église", "Avenue Jean Jaurès", "Chemin des Écoliers")
BANDS = ("NN", "00", "01", "02", "03", "11", "12", "21")


@dataclass(frozen=True)
class Commune:
    code: str
    departement: str
    name: str
    population: int
    lat: float
    lon: float


def communes(rng: random.Random) -> list[Commune]:
    out, used = [], set()
    for dep, (_, _, lat0, lon0) in DEPARTEMENTS.items():
        for index in range(1, 26 if dep == "69" else 16):
            while (name := rng.choice(SYLLABLES) + rng.choice(("", "e", "ois")) + rng.choice(SUFFIXES)) in used:
                pass
            used.add(name)
            big = dep == "69" and index == 1
            population = 150_000 if big else int(rng.lognormvariate(8.3, 1.0)) + 300
            lat, lon = (lat0, lon0) if big else (lat0 + rng.uniform(-0.3, 0.3), lon0 + rng.uniform(-0.4, 0.4))
            out.append(Commune(f"{dep}{index * 7:03d}", dep, name, population, round(lat, 5), round(lon, 5)))
    return out


def _csv(header: tuple[str, ...], rows: list[dict], delim: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, delimiter=delim, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def establishments(rng: random.Random, towns: list[Commune]) -> tuple[list[dict], list[dict]]:
    """StockEtablissement rows and their Sirene géolocalisé rows (92 % of them geolocated)."""
    stock, geo, serial = [], [], 0
    for town in towns:
        spread = 0.004 + 0.00004 * town.population ** 0.5
        for code, rate in RATES.items():
            active = max(0, round(rng.gauss(town.population / 10_000 * rate, 0.6)))
            closed = round(active * rng.uniform(0.15, 0.45))
            for state in ["A"] * active + ["F"] * closed:
                serial += 1
                siren = f"{900_000_000 + serial:09d}"
                created = _day(rng, date(1985, 1, 1), date(2026, 10, 31))
                since = created if state == "A" else _day(rng, max(created, date(2015, 1, 1)), date(2026, 11, 1))
                stock.append({
                    "siren": siren, "nic": "00018", "siret": siren + "00018", "statutDiffusionEtablissement":
                    "P" if rng.random() < 0.04 else "O", "dateCreationEtablissement": created.isoformat(),
                    "trancheEffectifsEtablissement": rng.choice(BANDS), "etablissementSiege": "true",
                    "dateDernierTraitementEtablissement": "2026-11-28T10:00:00", "nombrePeriodesEtablissement": "1",
                    "codePostalEtablissement": town.code, "libelleCommuneEtablissement": town.name.upper(),
                    "codeCommuneEtablissement": town.code, "dateDebut": since.isoformat(),
                    "etatAdministratifEtablissement": state,
                    "enseigne1Etablissement": f"{town.name[:10].upper()} {code} N°{serial}",
                    "activitePrincipaleEtablissement": code, "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
                    "caractereEmployeurEtablissement": "O" if rng.random() < 0.5 else "N",
                    "activitePrincipaleNAF25Etablissement": NAF25.get(code, code)})
                if rng.random() < 0.92:
                    lat, lon = rng.gauss(town.lat, spread), rng.gauss(town.lon, spread * 1.4)
                    geo.append({"siret": siren + "00018", "x": f"{700000 + (lon - 3) * 78000:.1f}",
                                "y": f"{6600000 + (lat - 46.5) * 111000:.1f}", "x_longitude": f"{lon:.6f}",
                                "y_latitude": f"{lat:.6f}", "epsg": "2154",
                                "qualite_xy": rng.choice(("11", "12", "21", "22", "33")),
                                "distance_precision": f"{rng.choice((5, 10, 25, 50, 150, 500))}",
                                "plg_code_commune": town.code, "plg_qp24": "", "qualite_qp24": ""})
    return stock, geo


def addresses(rng: random.Random, towns: list[Commune]) -> list[dict]:
    """BAN rows: numbers 1-30 of a few streets of each commune, along a line through its centre."""
    rows = []
    for town in towns:
        for index, street in enumerate(STREETS):
            slope = rng.uniform(-1, 1)
            for number in range(1, 31):
                lat = town.lat + (index - 1.5) * 0.002 + slope * number * 0.0001
                lon = town.lon + number * 0.00015
                rows.append({"id": f"{town.code}_{index:04d}_{number:05d}", "id_fantoir": f"{town.code}_{index:04d}",
                             "numero": str(number), "nom_voie": street, "code_postal": town.code,
                             "code_insee": town.code, "nom_commune": town.name, "x": "0", "y": "0",
                             "lon": f"{lon:.6f}", "lat": f"{lat:.6f}", "type_position": "entrée",
                             "libelle_acheminement": town.name.upper(), "nom_afnor": street.upper(),
                             "source_position": "commune", "source_nom_voie": "commune",
                             "certification_commune": "1"})
    return rows


def write_files(folder: Path, seed: int = 18) -> dict[str, Path]:
    """Every demo file in its published layout; returns {import kind: path} in import order."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    towns = communes(rng)
    stock, geo = establishments(rng, towns)
    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> Path:
        (folder / name).write_bytes(data)
        return folder / name

    files["cog_departements"] = put("v_departement_demo.csv", _csv(
        ("DEP", "REG", "CHEFLIEU", "TNCC", "NCC", "NCCENR", "LIBELLE"),
        [{"DEP": d, "REG": reg, "CHEFLIEU": next(t.code for t in towns if t.departement == d), "TNCC": "2",
          "NCC": name.upper(), "NCCENR": name, "LIBELLE": name} for d, (reg, name, _, _) in DEPARTEMENTS.items()],
        ","))
    files["cog_communes"] = put("v_commune_demo.csv", _csv(
        ("TYPECOM", "COM", "REG", "DEP", "CTCD", "ARR", "TNCC", "NCC", "NCCENR", "LIBELLE", "CAN", "COMPARENT"),
        [{"TYPECOM": "COM", "COM": t.code, "REG": "84", "DEP": t.departement, "CTCD": t.departement + "D",
          "ARR": t.departement + "1", "TNCC": "0", "NCC": t.name.upper(), "NCCENR": t.name, "LIBELLE": t.name,
          "CAN": t.departement + "01"} for t in towns], ","))
    epci_rows = []
    for index, town in enumerate(towns):
        epci = ("200046977", "Métropole démo") if town.departement == "69" and index < 12 else (
            ("246900000", "Communauté démo des Monts") if town.departement == "69" else
            ("240100000", "Communauté démo de l'Ain"))
        epci_rows.append({"CODGEO": town.code, "LIBGEO": town.name, "EPCI": epci[0], "LIBEPCI": epci[1],
                          "DEP": town.departement, "REG": "84"})
    files["epci"] = put("epci_composition_demo.csv", _csv(("CODGEO", "LIBGEO", "EPCI", "LIBEPCI", "DEP", "REG"),
                                                          epci_rows, ";"))
    population = _csv(("CODREG", "REG", "CODDEP", "CODARR", "CODCAN", "CODCOM", "COM", "PMUN", "PCAP", "PTOT"),
                      [{"CODREG": "84", "REG": "Auvergne-Rhône-Alpes", "CODDEP": t.departement, "CODARR": "1",
                        "CODCAN": "01", "CODCOM": t.code[2:], "COM": t.name, "PMUN": str(t.population),
                        "PCAP": str(t.population // 50), "PTOT": str(t.population + t.population // 50)}
                       for t in towns], ";")
    with zipfile.ZipFile(folder / "ensemble_demo.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("donnees_communes.csv", FILE_DATE.timetuple()[:6]), population)
        archive.writestr("donnees_departements.csv", "CODREG;REG;CODDEP;DEP;NBARR;NBCAN;NBCOM;PMUN;PTOT\n")
    files["population"] = folder / "ensemble_demo.zip"
    files["geo"] = put("GeolocalisationEtablissement_Sirene_pour_etudes_statistiques_demo.csv",
                       _csv(GEO_COLUMNS, geo, ";"))
    files["sirene"] = put("StockEtablissement_demo.csv", _csv(SIRENE_COLUMNS, stock, ","))
    bakeries = [r for r in stock if r["activitePrincipaleEtablissement"] == "10.71C"
                and r["etatAdministratifEtablissement"] == "A"]
    files["bpe"] = put("bpe_demo.csv", _csv(
        ("AN", "DEPCOM", "DOM", "SDOM", "TYPEQU", "SIRET", "LAMBERT_X", "LAMBERT_Y", "LONGITUDE", "LATITUDE",
         "QUALITE_XY", "EPSG", "DCIRIS"),
        [{"AN": "2025", "DEPCOM": r["codeCommuneEtablissement"], "DOM": "B", "SDOM": "B2", "TYPEQU": "B207",
          "SIRET": r["siret"], "EPSG": "2154", "QUALITE_XY": "Bonne"} for r in bakeries], ";"))
    files["ban"] = put("adresses-demo.csv", _csv(BAN_COLUMNS, addresses(rng, towns), ";"))
    files["spending"] = put("budget_famille_demo.csv", _csv(
        ("COICOP", "LIBELLE", "DEPENSE_MOYENNE", "ANNEE"),
        [{"COICOP": c, "LIBELLE": label, "DEPENSE_MOYENNE": f"{amount:.0f}", "ANNEE": "2017"}
         for c, label, amount in SPENDING], ";"))
    return files


IMPORT_WORD = {"cog_departements": "cog", "cog_communes": "cog", "epci": "cog"}


def import_demo(folder: Path) -> dict[str, int]:
    """Write the demo files and import each of them as demo data; returns {dataset: rows}."""
    out = {}
    for kind, path in write_files(folder).items():
        result = datasets.import_file(IMPORT_WORD.get(kind, kind), path, file_date=FILE_DATE, demo=True)
        out[result.kind] = result.rows
    return out


def seed_demo_market() -> None:
    """Called by demo.seed: demo datasets only where no dataset was imported yet."""
    if store.datasets():
        return
    counts = import_demo(store.work_dir().parent / "demo-market")
    log.info("market demo datasets imported: %s", counts)


if __name__ == "__main__":
    for kind, path in write_files(Path(sys.argv[1] if len(sys.argv) > 1 else "demo-market")).items():
        print(f"{kind:<18} {path}")
