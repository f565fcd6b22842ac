"""Data module of the breach register (SQL in storage/queries/privacy/breach_*.sql).

Role checks stay in privacy.breaches. The register's columns are listed here: the insert and the
update name only columns of EDITABLE, checked by `_columns`, with every value bound.
"""
from __future__ import annotations

from datetime import datetime

from storage import get_db, load_sql

FIELDS = ("id", "title", "occurred_at", "aware_at", "nature", "categories_people", "approx_people",
          "categories_records", "approx_records", "consequences", "measures", "risk_level", "risk_reasoning",
          "cnil_notified_at", "cnil_reference", "late_reason", "persons_notified_at", "persons_notified",
          "created_by", "created_at")
EDITABLE = FIELDS[1:11]


def _sql(name: str) -> str:
    return load_sql(f"privacy/{name}")


def _columns(values: dict) -> list[str]:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not an editable column of breaches: {sorted(unknown)}")
    return list(values)


def breach_rows(breach_id: str | None = None) -> list[tuple]:
    """Rows of FIELDS, latest awareness first: one breach, or all when breach_id is None."""
    sql = (f"SELECT {', '.join(FIELDS)} FROM breaches "  # noqa: S608 (the FIELDS above)
           "WHERE ? IS NULL OR id = ? ORDER BY aware_at DESC")
    return get_db().query(sql, [breach_id, breach_id])


def add_breach(values: dict, created_by: str) -> str:
    cols = ", ".join([*_columns(values), "created_by"])
    marks = ", ".join("?" * (len(values) + 1))
    sql = f"INSERT INTO breaches ({cols}) VALUES ({marks}) RETURNING id"  # noqa: S608 (EDITABLE names)
    return str(get_db().write(lambda cur: cur.execute(sql, [*values.values(), created_by]).fetchone())[0])


def update_breach(breach_id: str, values: dict) -> None:
    sets = ", ".join(f"{c} = ?" for c in _columns(values))
    get_db().execute(f"UPDATE breaches SET {sets} WHERE id = ?",  # noqa: S608 (EDITABLE names)
                     [*values.values(), breach_id])


def set_assessment(breach_id: str, level: str, reasoning: str) -> None:
    get_db().execute(_sql("breach_assess"), [level, reasoning, breach_id])


def set_cnil_notified(breach_id: str, when: datetime, reference: str, late_reason: str) -> None:
    get_db().execute(_sql("breach_cnil_notified"), [when, reference, late_reason, breach_id])


def accounts_to_notify(user_ids: list[str] | None) -> list[tuple[str, str, str]]:
    """(id, email, language): every enabled account when user_ids is None, else those listed."""
    if user_ids is None:
        return get_db().query(_sql("accounts_enabled"))
    return get_db().query(_sql("accounts_listed"), [list(user_ids)]) if user_ids else []


def record_person_notified(breach_id: str, user_id: str, when: datetime) -> None:
    get_db().execute(_sql("breach_affected_add"), [breach_id, user_id, when])


def count_persons_notified(breach_id: str, when: datetime, count: int) -> None:
    get_db().execute(_sql("breach_persons_notified"), [when, count, breach_id])


def account_ids_by_emails(emails: list[str]) -> list[str]:
    return [r[0] for r in get_db().query(_sql("account_ids_by_emails"), [emails])]
