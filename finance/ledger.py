"""Typed entries in DuckDB (amounts as exact DECIMAL, dates parsed) and the aggregates the analysis needs.

The parsed Arrow table is registered as `raw` (zero copy). One CREATE TABLE types every row in parallel and
keeps only short columns (journal, entry key hash, date, account, auxiliary, amounts, flags): labels stay in
`raw` and are fetched for the few rows a message or a table needs. Every later query reads that compact
table or returns small aggregates (balances per account, months).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from finance.fec import ROW_COLUMN, FecData

# Tolerated DGFiP date forms besides AAAAMMJJ (a time part after 'T' or a space is ignored).
_DATE_FORMATS = "['%d/%m/%Y', '%Y-%m-%d', '%d-%m-%Y', '%d.%m.%Y', '%Y/%m/%d', '%Y.%m.%d']"
CASH_PREFIXES = ("50", "51", "52", "53", "54", "58")
_TRIMMED = ("JournalCode", "EcritureNum", "EcritureDate", "CompteNum", "CompAuxNum", "ValidDate", "Sens")


def _date8(col: str) -> str:
    return f"CASE WHEN length({col}) = 8 THEN try_strptime({col}, '%Y%m%d')::DATE END"


def _date_other(col: str) -> str:
    return f"try_strptime(split_part(split_part({col}, 'T', 1), ' ', 1), {_DATE_FORMATS})::DATE"


def _amount(col: str) -> str:
    """Fast path: decimal comma -> point and cast (leading zeros and outer spaces are fine). Only the rows it
    rejects take the slow path: blank = 0, inner spaces removed, a trailing sign ("12,50-") moved first."""
    cleaned = f"replace(replace(replace({col}, ' ', ''), chr(160), ''), ',', '.')"
    slow = (f"CASE WHEN trim({col}) = '' THEN 0::DECIMAL(18,2) WHEN {cleaned} LIKE '%-' "
            f"THEN TRY_CAST('-' || rtrim({cleaned}, '-') AS DECIMAL(18,2)) "
            f"ELSE TRY_CAST({cleaned} AS DECIMAL(18,2)) END")
    return f"coalesce(TRY_CAST(replace({col}, ',', '.') AS DECIMAL(18,2)), {slow})"


@dataclass
class Balance:
    """Closing balance of one account (and auxiliary account when filled): solde = debit - credit."""

    account: str
    aux: str
    debit: Decimal
    credit: Decimal
    label: str = ""
    first_row: int = 0

    @property
    def solde(self) -> Decimal:
        return self.debit - self.credit


class Ledger:
    """DuckDB connection holding the typed `entries` table of one FEC."""

    def __init__(self, data: FecData, threads: int | None = None) -> None:
        self.data = data
        config: dict[str, object] = {"preserve_insertion_order": False}  # rows carry their own number
        if threads:
            config["threads"] = threads
        self.con = duckdb.connect(config=config)
        self.con.register("raw", data.table)
        self.columns = set(data.table.column_names)
        self.padded = self._padded_columns()
        self.con.execute(self._typed_sql())
        self._balances: list[Balance] | None = None

    def _padded_columns(self) -> set[str]:
        """Columns holding space-padded values somewhere. Most files have none, and trimming a million
        strings that need no trim is pure copying: one cheap vectorised scan decides per column."""
        padded = set()
        for name in _TRIMMED:
            if name in self.columns:
                column = self.data.table.column(name)
                if pc.any(pc.or_(pc.starts_with(column, " "), pc.ends_with(column, " "))).as_py():
                    padded.add(name)
        return padded

    def _col(self, name: str) -> str:
        if name not in self.columns:
            return "''"
        return f'trim("{name}")' if name in self.padded else f'"{name}"'

    def blank_count(self, name: str) -> int:
        """Rows where a text column is empty or only spaces (vectorised, without copying the labels)."""
        if name not in self.columns:
            return 0  # reported as a missing column instead
        column = self.data.table.column(name)
        empty = pc.sum(pc.equal(column, "")).as_py() or 0
        padded = pc.filter(column, pc.starts_with(column, " "))
        if len(padded):
            empty += pc.sum(pc.equal(pc.utf8_trim(padded, " "), "")).as_py() or 0
        return empty

    def _typed_sql(self) -> str:
        c = self._col
        if "Montant" in self.columns:  # Montant/Sens variant: D or +1 -> debit, C or -1 -> credit
            sens = f"upper({c('Sens')})"
            debit = f"CASE WHEN {sens} IN ('D', '+1') THEN \"Montant\" ELSE '' END"
            credit = f"CASE WHEN {sens} IN ('C', '-1') THEN \"Montant\" ELSE '' END"
            bad_sens = f"{sens} NOT IN ('D', '+1', 'C', '-1')"
        else:
            debit, credit, bad_sens = '"Debit"', '"Credit"', "false"
        header_name = self.data.meta.layout.names[self.data.meta.layout.positions["CompteNum"]].replace("'", "''")
        # Built from the FEC's standard column names (_col quotes them) and this module's snippets; the one
        # value from the file, the header's CompteNum text, is escaped above. On the private in-memory ledger.
        return f"""
        CREATE TABLE entries AS
        WITH s AS (
            SELECT "{ROW_COLUMN}" AS row, {c('JournalCode')} AS jc, {c('EcritureNum')} AS en,
                   {c('EcritureDate')} AS d_raw, {c('ValidDate')} AS v_raw, {c('CompteNum')} AS acc,
                   {c('CompAuxNum')} AS aux, {bad_sens} AS bad_sens,
                   {_amount(debit)} AS debit, {_amount(credit)} AS credit
            FROM raw),
        t AS (SELECT *, {_date8('d_raw')} AS d8, {_date8('v_raw')} AS v8 FROM s WHERE acc <> '{header_name}')
        SELECT row, jc, hash(jc, en) AS ek, TRY_CAST(en AS BIGINT) AS en_num,
               coalesce(d8, {_date_other('d_raw')}) AS d,
               d8 IS NULL AND d_raw <> '' AS alt_date,
               CASE WHEN v_raw = '' THEN 1 WHEN coalesce(v8, {_date_other('v_raw')}) IS NULL THEN 2
                    WHEN coalesce(v8, {_date_other('v_raw')}) < coalesce(d8, {_date_other('d_raw')}) THEN 3
                    ELSE 0 END::TINYINT AS v_state,
               acc, aux, debit, credit, bad_sens
        FROM t
        """  # noqa: S608

    def scalar(self, sql: str, params: list | None = None) -> object:
        row = self.con.execute(sql, params or []).fetchone()
        return row[0] if row else None

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def raw_values(self, rows: list[int], columns: tuple[str, ...]) -> dict[int, tuple]:
        """Fields as written in the file for a few rows (labels, raw amounts for messages). ROW_COLUMN is the
        position in the Arrow table, so this is a `take`, not a scan."""
        present = [c for c in columns if c in self.columns]
        if not rows or not present:
            return {}
        picked = [self.data.table.column(c).take(pa.array(rows, pa.int64())).to_pylist() for c in present]
        return {row: tuple(values) for row, values in zip(rows, zip(*picked, strict=True), strict=True)}

    def balances(self) -> list[Balance]:
        """Per (CompteNum, CompAuxNum): third-party accounts are classified at that level (reference §2.2)."""
        if self._balances is None:
            rows = self.rows("""
                SELECT acc, aux, sum(debit), sum(credit), min(row) FROM entries
                WHERE debit IS NOT NULL AND credit IS NOT NULL GROUP BY acc, aux ORDER BY acc, aux""")
            labels = self.raw_values([r[4] for r in rows], ("CompteLib",))
            self._balances = [Balance(a, x, Decimal(d), Decimal(c), str(labels.get(r, ("",))[0]).strip(), r)
                              for a, x, d, c, r in rows]
        return self._balances

    def monthly(self) -> list[tuple[str, Decimal, Decimal]]:
        """(YYYY-MM, revenue = -Σ solde 70, cash movement = Σ solde 50-54/58) per month of EcritureDate."""
        cash = ", ".join(f"'{p}'" for p in CASH_PREFIXES)
        rows = self.rows(f"""
            SELECT date_trunc('month', d) AS month,
                   coalesce(-sum(debit - credit) FILTER (WHERE acc LIKE '70%'), 0),
                   coalesce(sum(debit - credit) FILTER (WHERE left(acc, 2) IN ({cash})), 0)
            FROM entries WHERE d IS NOT NULL AND debit IS NOT NULL AND credit IS NOT NULL
            GROUP BY month ORDER BY month""")  # noqa: S608 (cash: the CASH_PREFIXES constant)
        return [(month.strftime("%Y-%m"), revenue, cash) for month, revenue, cash in rows]

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
