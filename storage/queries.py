"""SQL kept in named files (storage/queries/<area>/<name>.sql), read once.

Where an engine's dialect differs, its variant sits beside the common file (goatcounter's layout):
`top_pages.sql` for every engine, `top_pages.clickhouse.sql` read instead on ClickHouse,
`top_pages.postgresql.sql` on PostgreSQL. Pass the store's `dialect` to get the right one.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

QUERY_DIR = Path(__file__).resolve().parent / "queries"
DIALECTS = ("duckdb", "postgresql", "clickhouse")


@cache
def load_sql(name: str, dialect: str = "duckdb") -> str:
    """`load_sql("audience/top_pages")` returns the text of queries/audience/top_pages.sql;
    `load_sql("audience/top_pages", "clickhouse")` that of top_pages.clickhouse.sql when it exists."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown SQL dialect: {dialect}")
    common = (QUERY_DIR / f"{name}.sql").resolve()
    if QUERY_DIR not in common.parents:
        raise ValueError(f"query name outside the query folder: {name}")
    variant = common.with_name(f"{common.stem}.{dialect}.sql")
    return (variant if variant.exists() else common).read_text(encoding="utf-8")
