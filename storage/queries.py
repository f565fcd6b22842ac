"""SQL kept in named files (storage/queries/<area>/<name>.sql), read once."""
from __future__ import annotations

from functools import cache
from pathlib import Path

QUERY_DIR = Path(__file__).resolve().parent / "queries"


@cache
def load_sql(name: str) -> str:
    """`load_sql("audience/top_pages")` returns the text of queries/audience/top_pages.sql."""
    path = (QUERY_DIR / f"{name}.sql").resolve()
    if QUERY_DIR not in path.parents:
        raise ValueError(f"query name outside the query folder: {name}")
    return path.read_text(encoding="utf-8")
