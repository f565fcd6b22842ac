"""Retention jobs, run by the app's own scheduler (privacy.scheduler) or on demand by the DPO.

Periods come from privacy/organisation.toml (config.organisation), the file the policy text reads,
and the tables from the personal-data map. Each run is recorded in retention_runs.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import mail
from accounts import User, require
from accounts import store as accounts_store
from audience.buffer import default_keys
from audience.config import load_config
from audience.store import expire, row_counts
from config.organisation import get_organisation
from i18n import format_date, t
from privacy import export, identity_docs, legal_archive, store_datamap, store_retention, verification
from privacy.datamap import RetentionRule
from privacy.dates import add_months
from privacy.erasure import Subject, erase_people
from privacy.periods import DEFAULTS, period
from storage import get_db


@dataclass
class JobResult:
    job: str
    rows_deleted: int = 0
    details: dict = field(default_factory=dict)
    status: str = "ok"


def cutoff(rule: RetentionRule, now: datetime) -> datetime:
    amount = period(rule.period_setting) if rule.period_setting else 0
    if rule.plus_months_setting:
        now = add_months(now, -period(rule.plus_months_setting))
    if rule.unit == "months":
        return add_months(now, -amount)
    if rule.unit == "years":
        return add_months(now, -12 * amount)
    if rule.unit == "days":
        return now - timedelta(days=amount)
    if rule.unit == "hours":
        return now - timedelta(hours=amount)
    return now   # "expired": the column holds the expiry itself


# -- the jobs --------------------------------------------------------------------------------
def datamap_rules(now: datetime) -> JobResult:
    """Every table of the personal-data map that has a retention rule."""
    res = JobResult("datamap_rules")
    present = [e for e in store_datamap.present_entries() if e.retention]
    for e in present:
        n = store_datamap.delete_past_limit(e, cutoff(e.retention, now))
        res.details[e.table] = n
        res.rows_deleted += n
    return res


def inactive_accounts(now: datetime) -> JobResult:
    """Warn accounts inactive for (period - warning) and erase those still inactive after the warning."""
    r = get_organisation().retention
    res = JobResult("inactive_accounts")
    limit = add_months(now, -r.inactive_account_months)
    warn_limit = limit + timedelta(days=r.inactive_warning_days)
    to_erase = store_retention.inactive_to_erase(limit, now - timedelta(days=r.inactive_warning_days))
    to_warn = store_retention.inactive_to_warn(warn_limit)
    if to_erase:  # first: a mail server that fails must not keep anyone's data past its period
        result = erase_people(None, [Subject(user_id=u) for u in to_erase], reason="inactivity")
        res.rows_deleted = result.total
    failed = 0
    for uid, email, lang in to_warn:
        if uid in to_erase:
            continue
        erase_on = format_date((now + timedelta(days=r.inactive_warning_days)).date(), lang)
        try:
            mail.send(email, t("dsr.mail.inactive.subject", lang),
                      t("dsr.mail.inactive.body", lang, date=erase_on, organisation=get_organisation().name),
                      kind="retention", lang=lang)
        except mail.MailError:
            failed += 1  # warned again on the next run; the erasure date only moves with a sent warning
            continue
        store_retention.record_warning(uid, now)
    res.details = {"warned": len(to_warn) - failed, "warning_mail_failures": failed,
                   "erased_accounts": len(to_erase)}
    return res


def housekeeping(now: datetime) -> JobResult:
    """Unconfirmed sign-ups, verification codes, identity proofs, access packages, expired archive."""
    res = JobResult("housekeeping")
    res.details["unconfirmed_accounts"] = purge_unconfirmed(now)
    res.details["verification_codes"] = verification.purge_expired(now)
    res.details["identity_documents"] = identity_docs.purge_closed()
    res.details["access_packages"] = export.purge_expired()
    res.details["legal_archive"] = legal_archive.purge_expired(now)
    res.rows_deleted = sum(res.details.values())
    return res


def purge_unconfirmed(now: datetime) -> int:
    """Erase the accounts whose address was never confirmed within the period (unwanted sign-ups),
    through the erasure service: every table of the data map, the audit trail, the erasure journal."""
    cutoff = now - timedelta(days=get_organisation().retention.unconfirmed_account_days)
    ids = accounts_store.unconfirmed_before(cutoff)
    if ids:
        erase_people(None, [Subject(user_id=u) for u in ids], reason="unconfirmed")
    return len(ids)


def audience(now: datetime) -> JobResult:
    """Audience expiry (aggregates, raw events) and destruction of the daily visitor keys."""
    res = JobResult("audience")
    config = load_config()
    db = get_db()
    before = row_counts(db)
    db.write(lambda cur: expire(cur, config, now))
    after = row_counts(db)
    for t_, n in before.items():
        res.details[t_] = n - after[t_]
    res.details["keys_destroyed"] = len(default_keys(db, config).rotate(now))
    res.rows_deleted = sum(v for k, v in res.details.items() if k != "keys_destroyed")
    return res


def backups(now: datetime) -> JobResult:
    """The app's backups past `[retention] backup_days` (they may hold people erased since)."""
    from privacy import backup

    res = JobResult("backups")
    res.details["backups_deleted"] = backup.purge_expired(now)
    return res


JOBS: tuple[Callable[[datetime], JobResult], ...] = (inactive_accounts, datamap_rules, housekeeping, audience,
                                                     backups)


def run_all(actor_id: str | None, trigger: str, now: datetime | None = None) -> list[JobResult]:
    """Run every job, record each, then rebuild the app file so deleted rows leave no bytes."""
    now = now or datetime.now(UTC)
    results = []
    for job in JOBS:
        run_id = store_retention.start_run(job.__name__, trigger, actor_id)
        try:
            res = job(now)
        except Exception as exc:   # one failing job must not stop the others; it is recorded
            res = JobResult(job.__name__, status="error", details={"error": f"{type(exc).__name__}: {exc}"[:300]})
        store_retention.finish_run(run_id, res.rows_deleted, res.status, json.dumps(res.details))
        results.append(res)
    if any(r.rows_deleted for r in results if r.job != "audience"):
        get_db().rebuild_app_file()
    return results


# -- the report ------------------------------------------------------------------------------
def runs(actor: User | None, limit: int = 200) -> list[dict]:
    require(actor, "dpo")
    rows = store_retention.runs(limit)
    keys = ("job", "trigger", "started_at", "finished_at", "rows_deleted", "status", "details")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def due_next(actor: User | None, now: datetime | None = None, days: int = 31) -> list[dict]:
    """What the jobs will delete within `days`: accounts to warn or erase, rows reaching their limit."""
    require(actor, "dpo")
    now = now or datetime.now(UTC)
    horizon = now + timedelta(days=days)
    r = get_organisation().retention
    limit = add_months(horizon, -r.inactive_account_months)
    out = [{"what": "inactive_accounts_to_warn",
            "count": store_retention.count_to_warn(limit + timedelta(days=r.inactive_warning_days))},
           {"what": "inactive_accounts_to_erase", "count": store_retention.count_to_erase(limit)}]
    for e in store_datamap.present_entries():
        if e.retention:
            out.append({"what": e.table, "count": store_datamap.count_past_limit(e, cutoff(e.retention, horizon))})
    return out


def periods() -> dict[str, int]:
    """Every period the jobs apply: the organisation file's [retention], then the desk's defaults."""
    out = {k: v for k, (v, _unit) in get_organisation().retention_periods().items()}
    return {**{k: v for k, v in DEFAULTS.items() if k not in out}, **out}
