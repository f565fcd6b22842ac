"""Address search speed: import of a synthetic national address file (BAN, the published 23 columns,
`;` CSV) and `market.addresses.search` on it, beside pandas looking the same address up in the same CSV
loaded in memory (an exact match on folded postcode and street: less than the search does).

    .venv/bin/python benchmarks/market_addresses.py [--rows N] [--runs 9]

The real adresses-france.csv holds ≈ 26 million addresses of ≈ 35,000 communes; the synthetic one
spreads --rows addresses over 35,000 communes of 20 streets each, numbers 1 upwards.

Measured on 8 December 2026, 2 cores shared with ~8 other sessions (figures vary with their load):
  --rows 8000000 (7.7 million addresses, 713 MB CSV): import 42.6 s; medians of 9 runs:
    search, number + street + postcode      306.5 ms   (pandas, exact lookup in memory: 943.6 ms)
    search, street + commune name           390.2 ms
  The same search timed again on that import a minute later: 90 ms (its SQL alone, 22 ms in a bare
  DuckDB connection): most of the spread is the load of the other sessions.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import timeit
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from market.layouts import BAN_COLUMNS  # noqa: E402

COMMUNES, STREETS = 35_000, 20
KINDS = ("Rue", "Avenue", "Place", "Chemin", "Boulevard")
NAMES = ("de la République", "Jean Jaurès", "Victor Hugo", "de l'Église", "des Écoles", "du Général de Gaulle",
         "Pasteur", "de la Gare", "des Lilas", "du Moulin")


def write_ban(path: Path, rows: int, seed: int = 26) -> None:
    rng = np.random.default_rng(seed)
    per_street = max(1, rows // (COMMUNES * STREETS))
    n = COMMUNES * STREETS * per_street
    commune = np.repeat(np.arange(COMMUNES), STREETS * per_street)
    street = np.tile(np.repeat(np.arange(STREETS), per_street), COMMUNES)
    number = np.tile(np.arange(1, per_street + 1), COMMUNES * STREETS)
    codes = np.array([f"{1 + c // 400:02d}{c % 400:03d}" for c in range(COMMUNES)])
    names = np.array([f"{KINDS[s % len(KINDS)]} {NAMES[s // 2 % len(NAMES)]} {s}" for s in range(STREETS)])
    lat = 43 + 6 * (commune / COMMUNES) + rng.normal(0, 0.01, n)
    lon = -1 + 7 * rng.random(COMMUNES)[commune] + rng.normal(0, 0.01, n)
    columns = {c: pa.nulls(n, pa.string()) for c in BAN_COLUMNS}
    columns.update({"id": pa.array(np.char.add(codes[commune], np.char.add("_", number.astype(str)))),
                    "numero": pa.array(number.astype(str)), "nom_voie": pa.array(names[street]),
                    "code_postal": pa.array(codes[commune]), "code_insee": pa.array(codes[commune]),
                    "nom_commune": pa.array(np.char.add("Commune ", codes[commune])),
                    "lon": pa.array(np.round(lon, 6).astype(str)), "lat": pa.array(np.round(lat, 6).astype(str))})
    pacsv.write_csv(pa.table(columns), path, pacsv.WriteOptions(delimiter=";", quoting_style="none"))


def timed(fn, runs: int) -> tuple[float, object]:
    """The median of `runs` calls in ms (after one warm-up call), and what the call returns."""
    value = fn()
    return statistics.median(timeit.repeat(fn, number=1, repeat=runs)) * 1000, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000, help="addresses of the synthetic BAN (real: 26M)")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ban-bench-"))
    path = folder / "adresses-france.csv"
    start = time.perf_counter()
    write_ban(path, args.rows)
    print(f"synthetic BAN: {path.stat().st_size / 1e6:,.0f} MB, written in {time.perf_counter() - start:.1f} s")
    os.environ["APP_DATA_DIR"] = str(folder / "data")
    from market import addresses, datasets
    from storage import get_db

    get_db()
    start = time.perf_counter()
    rows = datasets.import_file("ban", path).rows
    print(f"import: {rows:,} addresses in {time.perf_counter() - start:.1f} s")
    number = min(12, max(1, args.rows // (COMMUNES * STREETS)))
    typed = f"{number} rue de la republique 0, 69399"
    ms, found = timed(lambda: addresses.search(typed), args.runs)
    print(f"market.addresses.search, number + street + postcode   {ms:8.1f} ms  ({found[0].label})")
    ms, found = timed(lambda: addresses.search("r. de la Republique 0, Commune 69399"), args.runs)
    print(f"market.addresses.search, street + commune name        {ms:8.1f} ms  ({found[0].label})")
    frame = pd.read_csv(path, sep=";", dtype=str, usecols=["numero", "nom_voie", "code_postal", "lat", "lon"])
    frame["key"] = frame["nom_voie"].str.lower()

    def peer():
        hit = frame[(frame["code_postal"] == "69399") & (frame["key"] == "rue de la république 0")
                    & (frame["numero"] == str(number))]
        return hit.iloc[0]["lat"]
    ms, _ = timed(peer, args.runs)
    print(f"pandas, exact lookup on the CSV loaded in memory       {ms:8.1f} ms")


if __name__ == "__main__":
    main()
