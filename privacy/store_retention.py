"""Data module of the retention jobs: their log and the inactivity warnings (SQL in
storage/queries/privacy/). The rows the jobs delete are reached through privacy.store_datamap."""
from __future__ import annotations

from datetime import datetime

from storage import get_db, load_sql


def _sql(name: str) -> str:
    return load_sql(f"privacy/{name}")


def inactive_to_erase(limit: datetime, warned_before: datetime) -> list[str]:
    return [r[0] for r in get_db().query(_sql("inactive_to_erase"), [limit, warned_before])]


def inactive_to_warn(limit: datetime) -> list[tuple[str, str, str]]:
    """(user id, email, language)."""
    return get_db().query(_sql("inactive_to_warn"), [limit])


def count_to_warn(limit: datetime) -> int:
    return int(get_db().query_one(_sql("inactive_to_warn_count"), [limit])[0])


def count_to_erase(limit: datetime) -> int:
    return int(get_db().query_one(_sql("inactive_to_erase_count"), [limit])[0])


def record_warning(user_id: str, when: datetime) -> None:
    get_db().write(lambda cur: cur.execute(_sql("inactivity_warned"), [user_id, when]))


def start_run(job: str, trigger: str, actor_id: str | None) -> str:
    return get_db().write(lambda cur: cur.execute(_sql("retention_run_start"), [job, trigger, actor_id]
                                                  ).fetchone()[0])


def finish_run(run_id: str, rows_deleted: int, status: str, details_json: str) -> None:
    get_db().execute(_sql("retention_run_end"), [rows_deleted, status, details_json, run_id])


def runs(limit: int) -> list[tuple]:
    return get_db().query(_sql("retention_runs"), [int(limit)])


def last_scheduled_run() -> datetime | None:
    row = get_db().query_one(_sql("retention_last_scheduled"))
    return row[0] if row else None
