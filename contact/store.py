"""The data module of contact/ (SQL in storage/queries/contact/)."""
from __future__ import annotations

from storage import get_db, load_sql


def add_request(name: str, email: str, company: str, topic: str, message: str) -> None:
    get_db().execute(load_sql("contact/request_add"), [name, email, company, topic, message])


def request_records(include_handled: bool) -> list[dict]:
    return get_db().query_df(load_sql("contact/requests"), [include_handled]).to_dict("records")


def mark_handled(request_id: str, by_user_id: str) -> None:
    get_db().execute(load_sql("contact/mark_handled"), [by_user_id, request_id])
