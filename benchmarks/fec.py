"""FEC benchmark: parse and full analysis of a large FEC, beside a plain pandas implementation in the same run.

    .venv/bin/python benchmarks/fec.py                  # generates a 1,000,000-line FEC in a temp dir
    .venv/bin/python benchmarks/fec.py --lines 200000
    .venv/bin/python benchmarks/fec.py --file my.txt    # takes an existing FEC

Prints generation time, parse lines/s, full analysis time and lines/s for both implementations and the
ratio; it also checks that both give the same chiffre d'affaires and résultat.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from finance.analysis import analyse  # noqa: E402
from finance.columns import STANDARD  # noqa: E402
from finance.fec import read_fec  # noqa: E402
from finance.ledger import CASH_PREFIXES, Balance  # noqa: E402
from finance.sig import compute_bilan_fonctionnel, compute_caf, compute_sig  # noqa: E402
from finance.statements import from_balances  # noqa: E402

HEADER = STANDARD  # the 18 legal columns, in order


def generate(path: Path, lines: int) -> None:
    """Balanced 3-line entries (sales, purchases, customer and supplier payments) over one calendar year,
    written by DuckDB: tab separator, decimal comma, AAAAMMJJ dates, blanks for unused fields; about 160 bytes
    a line like the real files of shared/data/fec."""
    if lines % 3:  # an entry cut by the line count would not balance: keep whole entries only
        raise SystemExit("--lines must be a multiple of 3")
    amount = "printf('%d,%02d', {c} // 100, {c} % 100)"
    sql = f"""
    COPY (
      WITH r AS (SELECT range AS r, range // 3 AS e, range % 3 AS k FROM range({lines})),
      x AS (SELECT *, e % 4 AS t, (e * 7919) % 100000 + 1000 AS ht,
                   strftime(DATE '2023-01-01' + CAST(e % 365 AS INTEGER), '%Y%m%d') AS d FROM r),
      y AS (SELECT *, ht // 5 AS tva, ht + ht // 5 AS ttc FROM x)
      SELECT
        ['VE', 'AC', 'BQ', 'BQ'][t + 1] AS JournalCode, ['Ventes', 'Achats', 'Banque', 'Banque'][t + 1] AS JournalLib,
        CAST(e AS VARCHAR) AS EcritureNum, d AS EcritureDate,
        CASE t WHEN 0 THEN ['41100000', CASE WHEN e % 8 = 0 THEN '70700000' ELSE '70600000' END, '44571000'][k + 1]
               WHEN 1 THEN [['60700000', '60610000', '61320000', '62260000', '62510000'][e % 5 + 1],
                            '44566000', '40100000'][k + 1]
               WHEN 2 THEN ['51200000', '41100000', '41100000'][k + 1]
               ELSE ['40100000', '40100000', '51200000'][k + 1] END AS CompteNum,
        'Compte ' || CompteNum AS CompteLib,
        CASE WHEN CompteNum LIKE '411%' THEN 'C' || (e % 5000) WHEN CompteNum LIKE '401%' THEN 'F' || (e % 2000)
             END AS CompAuxNum,
        CASE WHEN CompAuxNum IS NOT NULL THEN 'Tiers ' || CompAuxNum END AS CompAuxLib,
        'P' || e AS PieceRef, d AS PieceDate,
        ['FACTURE ', 'ACHAT ', 'REGLEMENT CLIENT ', 'REGLEMENT FOURNISSEUR '][t + 1] || e
            || ' VIR SEPA REF ' || (e * 31) % 1000003 || ' ' || coalesce(CompAuxLib, 'DIVERS') AS EcritureLib,
        CASE WHEN (t = 0 AND k = 0) OR (t = 1 AND k < 2) OR (t = 2 AND k = 0) OR (t = 3 AND k < 2)
             THEN {amount.format(c="CASE WHEN t = 0 OR t = 2 THEN ttc WHEN k = 0 THEN ht ELSE tva END")}
             ELSE '0,00' END AS Debit,
        CASE WHEN (t = 0 AND k = 0) OR (t = 1 AND k < 2) OR (t = 2 AND k = 0) OR (t = 3 AND k < 2) THEN '0,00'
             ELSE {amount.format(c="CASE WHEN t = 1 OR t = 3 THEN ttc WHEN k = 1 THEN ht ELSE tva END")}
             END AS Credit,
        CASE WHEN t >= 2 THEN 'L' || (e % 9973) END AS EcritureLet, CASE WHEN t >= 2 THEN d END AS DateLet,
        d AS ValidDate, NULL AS Montantdevise, NULL AS Idevise
      FROM y ORDER BY r
    ) TO '{path}' (FORMAT csv, DELIMITER '\t', HEADER false)"""
    con = duckdb.connect()
    body = path.with_suffix(".body")
    con.execute(sql.replace(f"TO '{path}'", f"TO '{body}'"))
    with path.open("wb") as out, body.open("rb") as src:
        out.write(("\t".join(HEADER) + "\n").encode())
        while chunk := src.read(64 << 20):
            out.write(chunk)
    body.unlink()


def pandas_analysis(path: Path) -> dict[str, Decimal]:
    """The plain pandas way: read_csv as text, convert, validate, aggregate; same statements code after."""
    df = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, encoding="utf-8-sig", quoting=3)
    df.columns = [c.strip() for c in df.columns]
    for col in ("JournalCode", "EcritureNum", "CompteNum", "CompAuxNum", "EcritureDate"):
        df[col] = df[col].str.strip()
    for col in ("Debit", "Credit"):
        df[col] = pd.to_numeric(df[col].str.replace(" ", "").str.replace(",", "."), errors="raise").fillna(0.0)
    df["date"] = pd.to_datetime(df["EcritureDate"], format="%Y%m%d", errors="raise")
    df["solde"] = df["Debit"] - df["Credit"]
    if round(df["Debit"].sum() - df["Credit"].sum(), 2) != 0:
        raise ValueError("unbalanced")
    per_entry = df.groupby(["JournalCode", "EcritureNum"], sort=False)["solde"].sum().round(2)
    if (per_entry != 0).any():
        raise ValueError("unbalanced entry")
    grouped = df.groupby(["CompteNum", "CompAuxNum"], sort=False).agg(debit=("Debit", "sum"), credit=("Credit", "sum"))
    month = df["date"].dt.to_period("M")
    revenue = -df.loc[df["CompteNum"].str.startswith("70"), "solde"].groupby(month).sum()
    cash = df.loc[df["CompteNum"].str[:2].isin(CASH_PREFIXES), "solde"].groupby(month).sum().cumsum()
    assert len(revenue) and len(cash)
    balances = [Balance(a, x, Decimal(str(round(d, 2))), Decimal(str(round(c, 2))), "")
                for (a, x), d, c in zip(grouped.index, grouped["debit"], grouped["credit"], strict=True)]
    statements = from_balances(balances)
    sig = compute_sig(statements.postes)
    compute_caf(statements.postes, sig)
    compute_bilan_fonctionnel(statements.functional)
    return sig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000 - 1_000_000 % 3 + 3)
    parser.add_argument("--file", type=Path, help="benchmark this FEC instead of generating one")
    parser.add_argument("--repeat", type=int, default=5, help="runs per implementation (best is kept)")
    args = parser.parse_args()
    workdir = tempfile.TemporaryDirectory()
    path = args.file
    print(f"cpus: {os.cpu_count()}, duckdb {duckdb.__version__}, pandas {pd.__version__}")
    if path is None:
        path = Path(workdir.name) / "123456789FEC20231231.txt"
        start = time.perf_counter()
        generate(path, args.lines)
        print(f"generation: {args.lines:,} lines in {time.perf_counter() - start:.2f} s")
    size = path.stat().st_size
    print(f"file: {path.name}, {size / 1_048_576:.1f} MB")

    def best(fn):  # noqa: ANN001, ANN202
        """Best wall time of `repeat` runs, with the CPU time (all threads) of that run."""
        runs, result = [], None
        for _ in range(args.repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            result = fn()
            runs.append((time.perf_counter() - wall, time.process_time() - cpu))
        return min(runs), result

    def show(label: str, timing: tuple[float, float], rows: int) -> None:
        wall, cpu = timing
        print(f"{label:24s} {wall:6.2f} s  {rows / wall:12,.0f} lines/s   (CPU {cpu:5.2f} s)")

    print(f"load average before the runs: {os.getloadavg()[0]:.1f} (other processes share the cores)")
    parse, data = best(lambda: read_fec(path, max_bytes=None))
    rows = data.table.num_rows
    show("parse (pyarrow):", parse, rows)
    full, years = best(lambda: analyse(path, max_bytes=None))
    show("full analysis (duckdb):", full, rows)
    plain, sig = best(lambda: pandas_analysis(path))
    show("full analysis (pandas):", plain, rows)
    print(f"speed-up: {plain[0] / full[0]:.1f}x wall, {plain[1] / full[1]:.1f}x CPU")
    ours = years[0].sig
    same = all(abs(ours[k] - sig[k]) < Decimal("0.01") for k in ("chiffre_affaires", "resultat_net", "ebe"))
    print(f"same results (CA {ours['chiffre_affaires']}, résultat {ours['resultat_net']}): {same}")
    workdir.cleanup()


if __name__ == "__main__":
    main()
