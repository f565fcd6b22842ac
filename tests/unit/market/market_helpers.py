"""Small files in the published layouts, written by the tests (column names exactly as INSEE's)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from market.layouts import GEO_COLUMNS, SIRENE_COLUMNS

POPULATION_HEADER = ("CODREG", "REG", "CODDEP", "CODARR", "CODCAN", "CODCOM", "COM", "PMUN", "PCAP", "PTOT")


def csv_bytes(header, rows: list[dict], delim: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, delimiter=delim, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def sirene_row(siret: str, naf: str, commune: str, state: str = "A", created: str = "2015-03-01",
               since: str | None = None, band: str = "01", name: str = "") -> dict:
    return {"siren": siret[:9], "nic": siret[9:], "siret": siret, "statutDiffusionEtablissement": "O",
            "dateCreationEtablissement": created, "trancheEffectifsEtablissement": band,
            "codeCommuneEtablissement": commune, "dateDebut": since or created,
            "etatAdministratifEtablissement": state, "enseigne1Etablissement": name or f"ETS {siret}",
            "activitePrincipaleEtablissement": naf, "nomenclatureActivitePrincipaleEtablissement": "NAFRev2"}


def geo_row(siret: str, lat: float, lon: float, precision: int = 10) -> dict:
    return {"siret": siret, "x_longitude": f"{lon:.6f}", "y_latitude": f"{lat:.6f}", "epsg": "2154",
            "qualite_xy": "11", "distance_precision": str(precision), "x": "0", "y": "0"}


def write_sirene(path: Path, rows: list[dict], delim: str = ",") -> Path:
    path.write_bytes(csv_bytes(SIRENE_COLUMNS, rows, delim))
    return path


def write_geo(path: Path, rows: list[dict], delim: str = ";") -> Path:
    path.write_bytes(csv_bytes(GEO_COLUMNS, rows, delim))
    return path


def write_population(path: Path, communes: dict[str, int], delim: str = ";") -> Path:
    rows = [{"CODREG": "84", "REG": "ARA", "CODDEP": c[:2], "CODARR": "1", "CODCAN": "01", "CODCOM": c[2:],
             "COM": f"Commune {c}", "PMUN": str(p), "PCAP": "0", "PTOT": str(p)} for c, p in communes.items()]
    path.write_bytes(csv_bytes(POPULATION_HEADER, rows, delim))
    return path
