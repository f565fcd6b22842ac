"""The data module of finance/: saved analyses, per user (SQL in storage/queries/finance/).

Every function takes the acting user and only ever touches their rows."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from accounts.model import PermissionDenied, User, require, require_saver
from accounts.validation import ValidationError, clean_text
from finance.analysis import YearAnalysis
from storage import get_db, load_sql


@dataclass(frozen=True)
class SavedAnalysis:
    id: str
    name: str
    company: str
    siren: str
    years: str
    kind: str
    created_at: datetime
    updated_at: datetime


def save_analysis(actor: User | None, name: str, years: list[YearAnalysis], *, company: str = "") -> str:
    user = require_saver(actor)
    if not years:
        raise ValidationError("core.error.required")
    name = clean_text(name, "company", required=True)
    labels = ", ".join(y.label for y in years)
    siren = next((y.siren for y in years if y.siren), "") or ""
    payload = json.dumps([y.to_dict() for y in years], ensure_ascii=False)

    def insert(cur) -> str:
        return str(cur.execute(
            load_sql("finance/analysis_add"),
            [user.id, name, clean_text(company, "company"), siren, labels, years[0].kind, payload]).fetchone()[0])
    return get_db().write(insert)


def list_analyses(actor: User | None) -> list[SavedAnalysis]:
    user = require(actor, "user")
    rows = get_db().query(load_sql("finance/analyses_of"), [user.id])
    return [SavedAnalysis(*row) for row in rows]


def load_analysis(actor: User | None, analysis_id: str) -> list[YearAnalysis]:
    user = require(actor, "user")
    row = get_db().query_one(load_sql("finance/analysis_payload"), [analysis_id, user.id])
    if row is None:  # someone else's analysis looks exactly like a missing one
        raise PermissionDenied("analysis")
    return [YearAnalysis.from_dict(d) for d in json.loads(row[0])]


def rename_analysis(actor: User | None, analysis_id: str, name: str) -> None:
    user = require_saver(actor)
    name = clean_text(name, "company", required=True)
    _change(user, analysis_id, "finance/analysis_rename", [name])


def delete_analysis(actor: User | None, analysis_id: str) -> None:
    user = require(actor, "user")
    _change(user, analysis_id, "finance/analysis_delete", [])


def _change(user: User, analysis_id: str, query: str, leading: list) -> None:
    def run(cur) -> None:
        if not cur.execute(load_sql(query), [*leading, analysis_id, user.id]).fetchall():
            raise PermissionDenied("analysis")
    get_db().write(run)
