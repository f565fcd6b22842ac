"""The one erasure service: My account, the DPO desk, the inactivity job and the journal replay.

    erase_person(actor, user_id=..., reason="dsr:DSR-...")

1. finds the person's rows in every table of the personal-data map (privacy.datamap);
2. archives what a legal hold obliges us to keep (encrypted, outside the database, with its
   reason and end date), deletes or anonymises the rest, in one transaction per database file;
3. deletes the person's identity proofs and access packages (encrypted files);
4. appends a keyed-hash entry to the erasure journal (replayed after a backup restore);
5. rebuilds app.duckdb from its live rows: DuckDB leaves deleted bytes in the file otherwise.

`replay_journal(db)` erases again everyone the journal lists, in the database given (the process's,
or one just restored from a backup).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from accounts import PermissionDenied, User
from mail.address import normalise_email
from privacy import audit, export, identity_docs, journal, legal_archive, store_datamap
from privacy import store_requests as requests_store
from privacy.datamap import DATAMAP, Entry
from privacy.keys import email_ref, user_ref
from storage import Database, get_db


@dataclass
class Subject:
    user_id: str | None = None
    email: str | None = None
    email_before: datetime | None = None   # replay: only rows created before the original erasure


@dataclass
class ErasureResult:
    rows: dict[str, int] = field(default_factory=dict)
    archived: dict[str, int] = field(default_factory=dict)
    files_deleted: int = 0
    subjects: int = 0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def erase_person(actor: User | None, *, user_id: str | None = None, email: str | None = None, reason: str,
                 keep_request_id: str | None = None) -> ErasureResult:
    """Erase one person. actor None = the system (retention job); a user may erase only himself.

    keep_request_id: the access package of that request survives (access runs before erasure).
    A last mail to the person is sent BEFORE calling this: its copy in the local outbox is erased too.
    """
    if not (user_id or email):
        raise ValueError("erase_person needs a user_id or an email")
    if actor is not None and not (actor.has("dpo") or actor.has("admin")) and str(actor.id) != str(user_id):
        raise PermissionDenied("only the person or the DPO may erase an account")
    return erase_people(actor, [Subject(user_id=user_id, email=email)], reason=reason,
                        keep_request_id=keep_request_id)


def erase_people(actor: User | None, subjects: list[Subject], *, reason: str,
                 keep_request_id: str | None = None, resolve: bool = True, archive: bool = True,
                 write_journal: bool = True, datamap: tuple[Entry, ...] = DATAMAP,
                 db: Database | None = None) -> ErasureResult:
    """Batch erasure with one file rebuild (retention job, journal replay), in `db` (default: the
    process database)."""
    staff = actor is None or actor.has("dpo") or actor.has("admin")
    if not staff and any(str(s.user_id) != str(actor.id) for s in subjects):
        raise PermissionDenied("only the DPO may erase other people")
    db = db or get_db()
    if resolve:
        subjects = [_resolve(s, db) for s in subjects]
    subjects = [s for s in subjects if s.user_id or s.email]
    result = ErasureResult(subjects=len(subjects))
    if not subjects:
        return result
    if write_journal:   # journal first: a crash after this point is completed by the next replay
        for s in subjects:
            journal.append(user_id=s.user_id, email=s.email, reason=reason)
    present = store_datamap.present_entries(datamap, db)
    result.files_deleted = _delete_files(subjects, keep_request_id, db)
    for catalog in sorted({e.catalog for e in present}):
        part = [e for e in present if e.catalog == catalog]
        db.write(lambda cur, part=part: _erase_rows(cur, part, subjects, result, archive))
    actor_id = str(actor.id) if actor else None
    for s in subjects:
        ref = email_ref(s.email) if s.email else user_ref(str(s.user_id))
        audit.record(actor_id, "erasure", ref, {"reason": reason, "rows": result.rows,
                                                "archived": result.archived}, db=db)
    db.rebuild_app_file()
    return result


def replay_journal(db: Database | None = None, actor_id: str | None = None) -> int:
    """Erase again, in `db`, every journalled person still present; returns how many were found."""
    journal_entries = list(journal.entries())
    if not journal_entries:
        return 0
    return erase_matches(journal_entries, actor_id=actor_id, db=db)


def erase_matches(journal_entries: Iterable[journal.JournalEntry], actor_id: str | None = None,
                  db: Database | None = None) -> int:
    """Replay: erase the journalled people found in the (restored) databases. Returns how many."""
    journal_entries = list(journal_entries)
    by_user = {e.user_ref for e in journal_entries if e.user_ref}
    by_email: dict[str, datetime] = {}
    for e in journal_entries:
        if e.email_ref:
            by_email[e.email_ref] = max(e.erased_at, by_email.get(e.email_ref, e.erased_at))
    db = db or get_db()
    subjects: list[Subject] = []
    present = store_datamap.present_entries(db=db)
    with db.cursor() as cur:
        for uid in store_datamap.account_ids(cur):
            if user_ref(uid) in by_user:
                subjects.append(Subject(user_id=uid))
        seen: set[str] = set()
        for e in present:
            if not e.by_email:
                continue
            for addr in store_datamap.addresses(cur, e):
                ref = email_ref(addr)
                if ref in by_email and addr not in seen:
                    seen.add(addr)
                    subjects.append(Subject(email=addr, email_before=by_email[ref]))
    found_users = {user_ref(s.user_id) for s in subjects if s.user_id}
    found_emails = {email_ref(s.email) for s in subjects if s.email}
    people = sum(1 for e in journal_entries if e.user_ref in found_users or e.email_ref in found_emails)
    if subjects:
        erase_people(None, subjects, reason="journal replay", resolve=False, archive=False,
                     write_journal=False, db=db)
        audit.record(actor_id, "erasure.replay", None, {"people": people}, db=db)
    return people


def _resolve(s: Subject, db: Database) -> Subject:
    """Complete a subject with the account's id or e-mail, so both kinds of rows are found."""
    email = normalise_email(s.email) if s.email else None
    if s.user_id:
        return Subject(user_id=str(s.user_id), email=email or requests_store.account_email(s.user_id, db=db))
    return Subject(user_id=requests_store.account_id_by_email(email, db=db), email=email)


def _where(entry: Entry, s: Subject) -> tuple[str, list]:
    sql, params = store_datamap.match_sql(entry, [s.user_id] if s.user_id else [], [s.email] if s.email else [])
    if s.email_before and entry.created_column:
        sql += f" AND {entry.created_column} <= ?"
        params.append(s.email_before)
    return sql, params


def _erase_rows(cur, present: list[Entry], subjects: list[Subject], result: ErasureResult,
                archive: bool) -> None:
    for entry in present:
        if entry.erasure in ("keep", "request"):  # "request": with the request's files (_delete_files)
            continue
        for s in subjects:
            where, params = _where(entry, s)
            if where == "FALSE":
                continue
            if entry.erasure == "archive" and archive:
                n = legal_archive.archive_rows(cur, entry, email_ref(s.email) if s.email else user_ref(str(s.user_id)),
                                               where, params)
                result.archived[entry.table] = result.archived.get(entry.table, 0) + n
            if entry.erasure == "anonymise":
                n = store_datamap.anonymise_rows(cur, entry, where, params)
            else:
                n = store_datamap.delete_rows(cur, entry, where, params)
            result.rows[entry.table] = result.rows.get(entry.table, 0) + n


def _delete_files(subjects: list[Subject], keep_request_id: str | None, db: Database) -> int:
    """The person's identity proofs and access packages (encrypted files outside the database)."""
    request_ids: set[str] = set()
    req_entry = next(e for e in DATAMAP if e.table == "dsr_requests")
    for s in subjects:
        request_ids |= store_datamap.request_ids(*_where(req_entry, s), db=db)
    deleted = 0
    for rid in request_ids:
        deleted += identity_docs.delete_for_request(rid, db=db)
        if rid != keep_request_id:
            deleted += export.delete_packages(rid, db=db)
    return deleted
