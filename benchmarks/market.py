"""Market study speed: import of a synthetic Sirene stock (Parquet, the published 54 columns) and the
competition counts on it, beside pyarrow/pandas filtering the same Parquet files in the same run.

    .venv/bin/python benchmarks/market.py [--rows N] [--dir DIR] [--memory-limit 2GB] [--runs 5]

Goals (issue 18): counting the active competitors of one NAF code in one département, and in a 10 km
radius, each under 50 ms; the page's whole competition block under 300 ms; the import of the real
43-million-row stock under 3 GB of peak memory. The import runs in a child process (`python -m market
import`), so its peak memory (ru_maxrss of the child) is the import's alone.

The file imitates the stock's shape: 732 NAF rév. 2 codes with a skewed frequency (10.71C ≈ 0.15 % of
rows), 35,000 communes in 96 départements with their populations, 75 % of establishments closed or
active at random (the real stock has ≈ 40 % active), 85 % of them geolocated around their commune.

Measured on 8 December 2026, 2 cores shared with ~8 other sessions (figures vary with their load):
  --rows 43000000 --memory-limit 2GB: files written in 776 s (805 MB stock, 743 MB geo Parquet); import
  population 1.4 s, geo 226 s, sirene 1,062 s, peak memory of an import process 2,297 MB.
  --reuse --runs 9 on that import (medians, after one warm-up):
    count, one code, one département     11.2 ms   (pyarrow/pandas on the Parquet: 6,094 ms)
    count, one code, 10 km radius        12.3 ms   (pyarrow/pandas, stock filtered + geo joined: 61,974 ms)
    competition block, département       48.6 ms
    competition block, 10 km             36.4 ms
  The same queries timed while the import's tests ran beside them: 111 / 73 / 686 / 269 ms.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from market.layouts import GEO_COLUMNS, SIRENE_COLUMNS  # noqa: E402
from market.naf import rev2_labels  # noqa: E402

CODE, DEPARTEMENT, KM = "10.71C", "69", 10.0
COMMUNES, DEPARTEMENTS = 35_000, 96
BATCH = 1_000_000


def communes(rng: np.random.Generator) -> dict[str, np.ndarray]:
    deps = np.array([f"{d:02d}" for d in range(1, DEPARTEMENTS + 1)])
    dep_of = deps[rng.integers(0, DEPARTEMENTS, COMMUNES)]
    dep_of[:400] = DEPARTEMENT                                   # the timed département has 400 communes
    codes = np.array([f"{d}{i % 1000:03d}" for i, d in enumerate(dep_of)])
    _, first = np.unique(codes, return_index=True)               # drop accidental duplicate codes
    keep = np.sort(first)
    population = np.maximum(50, rng.lognormal(6.5, 1.3, len(keep))).astype(np.int64)
    lat = rng.uniform(43.0, 50.5, len(keep))
    lon = rng.uniform(-1.5, 7.5, len(keep))
    lat[dep_of[keep] == DEPARTEMENT] = rng.normal(45.76, 0.2, (dep_of[keep] == DEPARTEMENT).sum())
    lon[dep_of[keep] == DEPARTEMENT] = rng.normal(4.84, 0.25, (dep_of[keep] == DEPARTEMENT).sum())
    return {"code": codes[keep], "dep": dep_of[keep], "population": population, "lat": lat, "lon": lon}


def write_files(folder: Path, rows: int, seed: int = 43) -> dict[str, Path]:
    rng = np.random.default_rng(seed)
    towns = communes(rng)
    codes = np.array(list(rev2_labels()))
    weights = 1 / np.arange(1, len(codes) + 1) ** 0.9
    rng.shuffle(weights)
    weights[codes == CODE] = weights.sum() * 0.0015
    weights /= weights.sum()
    stock_path, geo_path = folder / "StockEtablissement.parquet", folder / "GeolocalisationEtablissement.parquet"
    string = pa.string()
    stock_schema = pa.schema([(c, string) for c in SIRENE_COLUMNS])
    geo_schema = pa.schema([(c, string) for c in GEO_COLUMNS])
    with pq.ParquetWriter(stock_path, stock_schema) as stock, pq.ParquetWriter(geo_path, geo_schema) as geo:
        for start in range(0, rows, BATCH):
            n = min(BATCH, rows - start)
            serial = np.arange(start, start + n, dtype=np.int64)
            siret = pa.array(np.char.add(np.char.zfill((100_000_000 + serial).astype(str), 9), "00012"))
            town = rng.integers(0, len(towns["code"]), n)
            naf = pa.array(codes[rng.choice(len(codes), n, p=weights)])
            days = rng.integers(0, 365 * 40, n)
            created = pa.array((np.datetime64("1986-01-01") + days).astype(str))
            state = pa.array(np.where(rng.random(n) < 0.4, "A", "F"))
            columns = {c: pa.nulls(n, string) for c in SIRENE_COLUMNS}
            columns.update({
                "siren": pc.utf8_slice_codeunits(siret, 0, 9), "nic": pa.array(np.full(n, "00012")), "siret": siret,
                "statutDiffusionEtablissement": pa.array(np.full(n, "O")), "dateCreationEtablissement": created,
                "trancheEffectifsEtablissement": pa.array(np.array(["NN", "00", "01", "02", "03", "11"])[
                    rng.integers(0, 6, n)]),
                "codeCommuneEtablissement": pa.array(towns["code"][town]), "dateDebut": created,
                "etatAdministratifEtablissement": state, "enseigne1Etablissement": pa.array(np.full(n, "ENSEIGNE")),
                "activitePrincipaleEtablissement": naf,
                "nomenclatureActivitePrincipaleEtablissement": pa.array(np.full(n, "NAFRev2")),
                "activitePrincipaleNAF25Etablissement": naf})
            stock.write_table(pa.table(columns, schema=stock_schema))
            located = rng.random(n) < 0.85
            m = int(located.sum())
            lat = towns["lat"][town[located]] + rng.normal(0, 0.03, m)
            lon = towns["lon"][town[located]] + rng.normal(0, 0.04, m)
            geo_columns = {c: pa.nulls(m, string) for c in GEO_COLUMNS}
            geo_columns.update({"siret": siret.filter(pa.array(located)),
                                "x_longitude": pa.array(lon.round(6).astype(str)),
                                "y_latitude": pa.array(lat.round(6).astype(str)), "epsg": pa.array(np.full(m, "2154")),
                                "qualite_xy": pa.array(np.full(m, "11")),
                                "distance_precision": pa.array(np.full(m, "10"))})
            geo.write_table(pa.table(geo_columns, schema=geo_schema))
    population = folder / "donnees_communes.csv"
    with population.open("w", encoding="utf-8") as out:
        out.write("CODREG;REG;CODDEP;CODARR;CODCAN;CODCOM;COM;PMUN;PCAP;PTOT\n")
        for code, dep, pop in zip(towns["code"], towns["dep"], towns["population"], strict=True):
            out.write(f"84;R;{dep};1;01;{code[2:]};C{code};{pop};0;{pop}\n")
    return {"population": population, "geo": geo_path, "sirene": stock_path}


def timed(fn, runs: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, value


def run_import(files: dict[str, Path], data_dir: Path, memory_limit: str) -> dict[str, float]:
    env = os.environ | {"APP_DATA_DIR": str(data_dir)}
    if memory_limit:
        env["DUCKDB_MEMORY_LIMIT"] = memory_limit
    seconds = {}
    for kind, path in files.items():
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "market", "import", kind, str(path)], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds[kind] = time.perf_counter() - start
    return seconds


def peer_departement(stock: Path) -> int:
    table = pq.read_table(stock, columns=["activitePrincipaleEtablissement", "etatAdministratifEtablissement",
                                          "codeCommuneEtablissement"],
                          filters=[("activitePrincipaleEtablissement", "=", CODE),
                                   ("etatAdministratifEtablissement", "=", "A")])
    frame = table.to_pandas()
    return int(frame["codeCommuneEtablissement"].str.startswith(DEPARTEMENT).sum())


def peer_radius(stock: Path, geo: Path, lat: float, lon: float) -> int:
    found = pq.read_table(stock, columns=["siret"], filters=[("activitePrincipaleEtablissement", "=", CODE),
                                                             ("etatAdministratifEtablissement", "=", "A")]).to_pandas()
    points = pq.read_table(geo, columns=["siret", "x_longitude", "y_latitude"]).to_pandas()
    joined = found.merge(points, on="siret")
    la, lo = np.radians(joined["y_latitude"].astype(float)), np.radians(joined["x_longitude"].astype(float))
    a = np.sin((la - np.radians(lat)) / 2) ** 2 + np.cos(np.radians(lat)) * np.cos(la) * np.sin(
        (lo - np.radians(lon)) / 2) ** 2
    return int((2 * 6371 * np.arcsin(np.sqrt(a)) <= KM).sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the synthetic stock (real: 43M)")
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--memory-limit", default="", help="DUCKDB_MEMORY_LIMIT for the import, e.g. 2GB")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="time the queries on the files and import of --dir")
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="market-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    files = {"population": folder / "donnees_communes.csv", "geo": folder / "GeolocalisationEtablissement.parquet",
             "sirene": folder / "StockEtablissement.parquet"}
    if args.reuse:
        print(f"reusing the files and the import in {folder}")
    else:
        start = time.perf_counter()
        files = write_files(folder, args.rows)
        print(f"synthetic stock: {args.rows:,} rows, {files['sirene'].stat().st_size / 1e6:,.0f} MB Parquet "
              f"(geo {files['geo'].stat().st_size / 1e6:,.0f} MB), written in {time.perf_counter() - start:.1f} s")
        seconds = run_import(files, folder / "data", args.memory_limit)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print("import (python -m market import, one child process per file): "
              + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()) + f"; peak memory of a child {peak:,.0f} MB")

    os.environ["APP_DATA_DIR"] = str(folder / "data")
    from market import competition as comp
    from market.charts import competitors_map
    from storage import get_db

    get_db()
    comp.competition([CODE], comp.Area("departement", (DEPARTEMENT,)))   # one warm-up: the file into the cache
    centre = comp.resolve(comp.Area("departement", (DEPARTEMENT,)))
    lat, lon = 45.76, 4.84
    area_dep = comp.Area("departement", (DEPARTEMENT,))
    area_radius = comp.Area("radius", lat=lat, lon=lon, km=KM)

    def count(area):
        where = comp.resolve(area)
        rows = comp.establishments([CODE], "rev2", where)
        return int(rows["active"].sum())

    def block(area):
        found = comp.competition([CODE], area)
        competitors_map(found, "fr")
        return found.active

    figures = [("count, one code, one département", lambda: count(area_dep), lambda: peer_departement(files["sirene"])),
               (f"count, one code, {KM:g} km radius", lambda: count(area_radius),
                lambda: peer_radius(files["sirene"], files["geo"], lat, lon)),
               ("whole competition block (département)", lambda: block(area_dep), None),
               (f"whole competition block ({KM:g} km)", lambda: block(area_radius), None)]
    print(f"département {DEPARTEMENT}: {centre.population:,} inhabitants; code {CODE}; medians of {args.runs} runs")
    for label, ours, peer in figures:
        ms, value = timed(ours, args.runs)
        line = f"  {label:<42} {ms:8.1f} ms  ({value} establishments)"
        if peer:
            peer_ms, peer_value = timed(peer, max(1, args.runs // 2))
            line += f"   pyarrow/pandas on the Parquet: {peer_ms:8.1f} ms ({peer_value})"
        print(line)


if __name__ == "__main__":
    main()
