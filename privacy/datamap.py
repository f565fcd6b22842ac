"""THE personal-data map: every table holding data about a person, and what we do with it.

Export (privacy.export), erasure (privacy.erasure) and retention (privacy.retention) all read
this list and run their SQL on its tables through privacy.store_datamap;
tests/unit/privacy/test_datamap_schema.py walks the live schema and fails when a table has a person
column (user_id, email, ..._by, ...) that is not declared here, so a new table cannot be forgotten.
Tables of areas not installed yet are skipped at run time.

Erasure policies:
  delete     the person's rows are deleted;
  anonymise  the row stays (we must be able to show what we did) with its personal columns set
             to NULL; it keeps only keyed hashes;
  archive    a legal obligation (Art. 17(3)(b)) makes us keep the rows: they are moved, encrypted,
             to the restricted archive with their reason and end date, then deleted here;
  keep       the table holds no data about the person, only a staff member's id as the author of
             an action or pseudonymous references (keyed hashes) kept for accountability; declared
             so the schema walk knows it was considered;
  request    the rows belong to a data-protection request (hashed codes, identity proofs, access
             packages) and are reached through it, not through the person: erasure deletes them with
             the request's files (erasure._delete_files), housekeeping when they expire.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from config.organisation import get_organisation


@dataclass(frozen=True)
class LegalHold:
    reason: str
    years_setting: str        # a field of config.organisation.Retention giving the hold period


@dataclass(frozen=True)
class RetentionRule:
    """Rows older than the period are deleted by the retention job."""
    column: str
    period_setting: str       # a [retention] key (privacy.periods.period), e.g. "contact_request_months"
    unit: str                 # "months" | "years" | "days" | "hours" | "expired" (column is an expiry)
    or_where: str = ""        # also delete rows matching this (e.g. used tokens)
    plus_months_setting: str = ""   # added to the period (consent: valid this long, then the proof period)


@dataclass(frozen=True)
class Entry:
    table: str
    catalog: str = "app"
    purpose: str = ""
    by_user: str | None = None        # column holding the users.id
    by_email: str | None = None       # column holding the e-mail address
    export_columns: tuple[str, ...] = ()   # () = not exported (technical rows)
    erasure: str = "delete"
    anonymise: tuple[str, ...] = ()   # columns set to NULL by "anonymise"
    legal_hold: LegalHold | None = None
    staff_columns: tuple[str, ...] = ()    # ids of staff acting on the row, kept (accountability)
    indirect_columns: tuple[str, ...] = ()  # point to a person only indirectly: a request id, a keyed hash
    created_column: str | None = None      # replay after restore only erases rows older than the erasure
    retention: RetentionRule | None = None
    notes: str = ""

    @property
    def qualified(self) -> str:
        return f"{self.catalog}.{self.table}"

    def declared_columns(self) -> set[str]:
        cols = {c for c in (self.by_user, self.by_email) if c}
        return cols | set(self.staff_columns) | set(self.anonymise) | set(self.indirect_columns)


DATAMAP: tuple[Entry, ...] = (
    Entry("users", purpose="account", by_user="id", by_email="email", created_column="created_at",
          export_columns=("id", "email", "first_name", "last_name", "company", "siren", "roles",
                          "language", "created_at", "confirmed_at", "disabled_at", "last_active_at"),
          notes="password_hash is never exported; inactive accounts are erased by the retention job"),
    Entry("login_cookies", purpose="authentication", by_user="user_id",
          export_columns=("kind", "exp_date", "created_at"),  # never the session hash
          retention=RetentionRule("created_at", "remember_me_days", "days")),  # expired by then
    Entry("login_failures", purpose="security (login throttling)", by_user="user_id",
          export_columns=("failed_at",), retention=RetentionRule("failed_at", "login_failure_days", "days")),
    Entry("auth_tokens", purpose="authentication", by_user="user_id",
          export_columns=("purpose", "created_at", "expires_at", "used_at"),   # never the token hash
          retention=RetentionRule("expires_at", "", "expired", or_where="used_at IS NOT NULL")),
    Entry("contact_requests", purpose="contact and quote requests", by_email="email",
          created_column="created_at", staff_columns=("handled_by",),
          export_columns=("name", "email", "company", "topic", "message", "created_at", "handled_at"),
          retention=RetentionRule("created_at", "contact_request_months", "months")),
    Entry("mail_outbox", purpose="messages sent to you", by_email="to_addr", created_column="created_at",
          export_columns=("to_addr", "subject", "body", "kind", "created_at"),
          retention=RetentionRule("created_at", "mail_outbox_days", "days")),
    Entry("dsr_requests", purpose="your data-protection requests", by_user="user_id",
          by_email="requester_email", created_column="received_at", erasure="anonymise",
          indirect_columns=("subject_ref",),
          anonymise=("requester_email", "first_name", "last_name", "user_id", "message"),
          retention=RetentionRule("closed_at", "dsr_records_years", "years"),
          export_columns=("reference", "requester_email", "first_name", "last_name", "actions", "message",
                          "channel", "state", "received_at", "verified_at", "closed_at", "result_summary"),
          notes="the request stays, without identity, to show the CNIL that it was answered"),
    Entry("dsr_audit", purpose="accountability of request handling", staff_columns=("actor_id",),
          indirect_columns=("subject_ref", "request_ref"), erasure="keep", notes="pseudonymous: keyed hashes only",
          retention=RetentionRule("occurred_at", "dsr_records_years", "years")),
    Entry("dsr_verifications", purpose="verification of your requests", indirect_columns=("request_id",),
          erasure="request", notes="single-use codes, hashed; deleted when used or expired (privacy.verification)"),
    Entry("dsr_identity_docs", purpose="proofs of identity sent with a request", indirect_columns=("request_id",),
          erasure="request", notes="encrypted files outside the database, deleted with the request's closing "
                                   "(privacy.identity_docs)"),
    Entry("dsr_exports", purpose="access packages waiting to be downloaded", indirect_columns=("request_id",),
          erasure="request", notes="encrypted files, deleted once expired (privacy.export)"),
    Entry("privacy_legal_archive", purpose="rows kept under a legal hold", indirect_columns=("subject_ref",),
          erasure="keep", notes="index of encrypted files, by keyed hash; deleted at the hold's end "
                                "(privacy.legal_archive)"),
    Entry("retention_runs", purpose="retention job log", staff_columns=("actor_id",), erasure="keep"),
    Entry("inactivity_warnings", purpose="retention of inactive accounts", by_user="user_id",
          export_columns=("warned_at",)),
    Entry("breaches", purpose="breach register", staff_columns=("created_by",), erasure="keep"),
    Entry("breach_affected", purpose="breach notifications sent to you", by_user="user_id",
          export_columns=("breach_id", "notified_at")),
    # Privacy-centre tables (migrations 0350-0399).
    Entry("consent_events", purpose="proof of your consent choices", by_user="user_id",
          created_column="created_at", erasure="archive",
          legal_hold=LegalHold("proof of consent (GDPR Art. 7(1)), limitation period", "consent_proof_years"),
          export_columns=("consent_id", "policy_version", "decisions", "method", "created_at", "ip_trunc",
                          "user_agent"),
          retention=RetentionRule("created_at", "consent_proof_years", "years",
                                  plus_months_setting="consent_cookie_months")),
    Entry("mail_subscriptions", purpose="your mailing subscriptions and objections", by_email="email",
          created_column="updated_at", export_columns=("email", "kind", "subscribed", "source", "updated_at")),
    # Company analyses (migration 0200).
    Entry("finance_analyses", purpose="your saved company analyses", by_user="user_id",
          created_column="created_at",
          export_columns=("name", "company", "siren", "years", "kind", "payload", "created_at", "updated_at")),
    # Forecasts (migration 0400): every saved version carries its owner's id too.
    Entry("forecasts", purpose="your saved financial forecasts", by_user="user_id", created_column="created_at",
          export_columns=("id", "name", "latest_version", "created_at", "updated_at")),
    Entry("forecast_versions", purpose="every saved version of your financial forecasts", by_user="user_id",
          created_column="created_at", export_columns=("forecast_id", "version", "note", "plan", "created_at")),
    # Market studies (migration 0500). The datasets they read (audience.market_*) are INSEE open data
    # about establishments, not about our users.
    Entry("market_studies", purpose="your saved market studies", by_user="user_id", created_column="created_at",
          export_columns=("name", "payload", "created_at", "updated_at")),
    # Audience (staff configuration only: the audience data itself holds no identifier).
    Entry("audience_sites", purpose="audience configuration", staff_columns=("created_by",), erasure="keep"),
)

# Column names that mean "this row is about a person" to the schema walk.
PERSON_COLUMN = re.compile(r"(^|_)(user_id|email|addr|requester\w*|actor_id|owner_id|\w+_by|request_id|request_ref"
                           r"|subject_ref)$|^requester")


def entries(catalog_tables: set[tuple[str, str]] | None = None,
            datamap: tuple[Entry, ...] = DATAMAP) -> list[Entry]:
    """The map's entries whose table exists (catalog_tables = {(catalog, table)}), or all."""
    if catalog_tables is None:
        return list(datamap)
    return [e for e in datamap if (e.catalog, e.table) in catalog_tables]


def hold_years(entry: Entry) -> int:
    assert entry.legal_hold is not None
    return int(getattr(get_organisation().retention, entry.legal_hold.years_setting))


def describe() -> list[dict[str, str]]:
    """Plain rows for the policy page and the export README."""
    return [{"table": e.table, "purpose": e.purpose, "erasure": e.erasure,
             "legal_hold": e.legal_hold.reason if e.legal_hold else "", "notes": e.notes} for e in DATAMAP]
