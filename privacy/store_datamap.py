"""Data module of the personal-data map: the SQL that export, erasure, retention and the legal archive
run on the map's tables. It is the one place where SQL text is built from identifiers: table and
column names come from privacy/datamap.py (code, not input), are checked by `_names`, and every value
is bound. The fixed queries are in storage/queries/privacy/.
"""
from __future__ import annotations

import re

from privacy.datamap import DATAMAP, PERSON_COLUMN, Entry, RetentionRule, entries
from storage import Database, get_db, load_sql

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?\Z")


def _names(*names: str) -> str:
    """The names, joined by ", ", once each is a plain identifier (a data-map entry is code, but a
    test may build one; nothing else reaches the SQL text)."""
    for name in names:
        if not _IDENTIFIER.match(name):
            raise ValueError(f"not an identifier of the data map: {name!r}")
    return ", ".join(names)


# -- the schema --------------------------------------------------------------------------------
def live_tables(cur) -> set[tuple[str, str]]:
    return {(c, t) for c, t in cur.execute(load_sql("privacy/live_tables")).fetchall()}


def person_columns(cur) -> dict[tuple[str, str], list[str]]:
    """Live (catalog, table) -> the columns whose name says they identify a person."""
    found: dict[tuple[str, str], list[str]] = {}
    for catalog, table, column in cur.execute(load_sql("privacy/live_columns")).fetchall():
        if table == "schema_migrations":
            continue
        if PERSON_COLUMN.search(column.lower()):
            found.setdefault((catalog, table), []).append(column)
    return found


def present_entries(datamap: tuple[Entry, ...] = DATAMAP, db: Database | None = None) -> list[Entry]:
    """The map's entries whose table exists in this database."""
    with (db or get_db()).cursor() as cur:
        return entries(live_tables(cur), datamap)


# -- a person's rows -----------------------------------------------------------------------------
def match_sql(entry: Entry, user_ids: list[str], emails: list[str]) -> tuple[str, list]:
    """WHERE clause selecting the person's rows in entry's table (or FALSE)."""
    parts, params = [], []
    if entry.by_user and user_ids:
        parts.append(f"CAST({_names(entry.by_user)} AS VARCHAR) IN ({', '.join('?' * len(user_ids))})")
        params += [str(u) for u in user_ids]
    if entry.by_email and emails:
        parts.append(f"lower({_names(entry.by_email)}) IN ({', '.join('?' * len(emails))})")
        params += [e.lower() for e in emails]
    return ("(" + " OR ".join(parts) + ")" if parts else "FALSE"), params


def export_rows(entry: Entry, where: str, params: list) -> list[dict]:
    """The export columns of the rows `where` (from match_sql) selects."""
    sql = f"SELECT {_names(*entry.export_columns)} FROM {_names(entry.qualified)} WHERE {where}"  # noqa: S608
    return [dict(zip(entry.export_columns, r, strict=True)) for r in get_db().query(sql, params)]


def whole_rows(cur, entry: Entry, where: str, params: list) -> list[dict]:
    """Every column of the rows `where` selects (what the legal archive keeps)."""
    rel = cur.execute(f"SELECT * FROM {_names(entry.qualified)} WHERE {where}", params)  # noqa: S608
    cols = [d[0] for d in rel.description]
    return [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]


def delete_rows(cur, entry: Entry, where: str, params: list) -> int:
    return int(cur.execute(f"DELETE FROM {_names(entry.qualified)} WHERE {where}", params  # noqa: S608
                           ).fetchone()[0])


def anonymise_rows(cur, entry: Entry, where: str, params: list) -> int:
    """Set the entry's personal columns to NULL in the rows `where` selects."""
    sets = ", ".join(f"{_names(c)} = NULL" for c in entry.anonymise)
    return int(cur.execute(f"UPDATE {_names(entry.qualified)} SET {sets} WHERE {where}", params  # noqa: S608
                           ).fetchone()[0])


def addresses(cur, entry: Entry) -> list[str]:
    """Every distinct address (lower case) of the entry's e-mail column (journal replay)."""
    column, table = _names(entry.by_email or ""), _names(entry.qualified)
    sql = f"SELECT DISTINCT lower({column}) FROM {table} WHERE {column} IS NOT NULL"  # noqa: S608
    return [r[0] for r in cur.execute(sql).fetchall()]


def account_ids(cur) -> list[str]:
    return [r[0] for r in cur.execute(load_sql("privacy/account_ids_all")).fetchall()]


def request_ids(where: str, params: list, db: Database | None = None) -> set[str]:
    """Ids of the data-protection requests `where` (match_sql on dsr_requests) selects."""
    sql = f"SELECT CAST(id AS VARCHAR) FROM dsr_requests WHERE {where}"  # noqa: S608 (from match_sql)
    return {r[0] for r in (db or get_db()).query(sql, params)}


# -- retention -----------------------------------------------------------------------------------
def _past_limit(rule: RetentionRule) -> str:
    """`column <= ?`, or the rule's extra condition (code of the map, e.g. "used_at IS NOT NULL")."""
    return f"{_names(rule.column)} <= ?" + (f" OR {rule.or_where}" if rule.or_where else "")


def delete_past_limit(entry: Entry, cutoff) -> int:
    """Delete the entry's rows past its retention limit, in one transaction; returns how many."""
    assert entry.retention is not None
    sql = f"DELETE FROM {_names(entry.qualified)} WHERE {_past_limit(entry.retention)}"  # noqa: S608
    return int(get_db().write(lambda cur: cur.execute(sql, [cutoff]).fetchone()[0]))


def count_past_limit(entry: Entry, cutoff) -> int:
    assert entry.retention is not None
    sql = f"SELECT count(*) FROM {_names(entry.qualified)} WHERE {_past_limit(entry.retention)}"  # noqa: S608
    return int(get_db().query_one(sql, [cutoff])[0])
