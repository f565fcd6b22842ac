"""Consent to optional trackers: the categories, the server-side proof, and the signed cookie.

The browser keeps its choice in a first-party cookie; the server keeps the proof (GDPR Art. 7(1)):
one row of consent_events per choice, refusals included, with the policy version, a hash of the
banner text shown, the method, the time, the truncated IP and the user agent. A cookie is honoured
only when its HMAC signature is valid, its policy version is the current one and it is younger
than retention.consent_cookie_months, so a forged or stale cookie means "ask again".
"""
from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import hmac
import io
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd

from accounts import User, require
from audience.anonymise import anonymise_ip
from config.organisation import get_organisation
from config.secrets import get_secret
from mail.address import normalise_email
from privacy import store_consent as store
from privacy.dates import add_months
from storage.csvsafe import spreadsheet_safe

COOKIE_NAME = "consent"
NECESSARY = "necessary"
OPTIONAL = ("audience", "remember")  # audience measurement; remember my login and saved inputs
CATEGORIES = (NECESSARY, *OPTIONAL)
METHODS = ("accept_all", "refuse_all", "custom", "withdraw", "gpc")
_SECRET = "consent_key"  # noqa: S105 (the name of the secret, not its value)
_CLOCK_SKEW = timedelta(minutes=5)
_UA_MAX = 512


@dataclass(frozen=True)
class ConsentChoice:
    consent_id: str
    policy_version: str
    choices: dict[str, bool]  # the optional categories only; "necessary" is always on
    decided_at: datetime

    @property
    def expires_at(self) -> datetime:
        return add_months(self.decided_at, get_organisation().retention.consent_cookie_months)


def normalise(choices: dict[str, object] | None) -> dict[str, bool]:
    """Keep the optional categories only, as booleans; a missing category is refused."""
    choices = choices or {}
    return {c: bool(choices.get(c, False)) for c in OPTIONAL}


def all_accepted() -> dict[str, bool]:
    return {c: True for c in OPTIONAL}


def all_refused() -> dict[str, bool]:
    return {c: False for c in OPTIONAL}


def method_for(button: str, previous: dict[str, bool] | None, new: dict[str, bool]) -> str:
    """The method logged: "withdraw" when an earlier consent is taken back, else the button used."""
    if button not in METHODS:
        raise ValueError(f"unknown consent method {button!r}")
    if previous and any(previous.get(c) and not new.get(c) for c in OPTIONAL):
        return "withdraw"
    return button


def new_consent_id() -> str:
    return str(uuid.uuid4())


def banner_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def truncate_ip(ip: str | None) -> str | None:
    """Through THE anonymisation function of audience/, with the organisation's masks."""
    settings = get_organisation().audience
    return anonymise_ip(ip, ipv4_mask_bytes=settings.ipv4_mask_bytes, ipv6_prefix=settings.ipv6_prefix_length)


def record_consent(consent_id: str, choices: dict[str, object], method: str, policy_version: str,
                   banner_text: str, ip: str | None, user_agent: str | None, user_id: str | None = None,
                   *, now: datetime | None = None) -> ConsentChoice:
    """Store the proof of one choice and return it (to be written in the cookie)."""
    if method not in METHODS:
        raise ValueError(f"unknown consent method {method!r}")
    uuid.UUID(consent_id)  # raises ValueError on anything else
    clean = normalise(choices)
    if method == "gpc" and any(clean.values()):
        raise ValueError("a GPC signal refuses every optional category")
    now = now or datetime.now(UTC)
    decisions = {NECESSARY: True, **clean}
    store.add_event(consent_id, user_id, policy_version, banner_hash(banner_text), json.dumps(decisions), method,
                    now, truncate_ip(ip), (user_agent or "")[:_UA_MAX] or None)
    return ConsentChoice(consent_id, policy_version, clean, now)


# -- the cookie ---------------------------------------------------------------------------------

def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload: str) -> str:
    key = get_secret(_SECRET).encode()
    return _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())


def cookie_value(choice: ConsentChoice) -> str:
    """`<payload>.<signature>`, URL-safe; the payload holds no personal data beyond the consent id."""
    payload = _b64(json.dumps({"id": choice.consent_id, "v": choice.policy_version,
                               "c": {k: int(v) for k, v in choice.choices.items()},
                               "t": int(choice.decided_at.timestamp())}, separators=(",", ":")).encode())
    return f"{payload}.{_sign(payload)}"


def parse_cookie(value: str | None) -> ConsentChoice | None:
    """The choice carried by a cookie whose signature is valid (any version, any age), else None."""
    if not value or value.count(".") != 1:
        return None
    payload, signature = value.split(".")
    if not hmac.compare_digest(_sign(payload), signature):
        return None
    try:
        data = json.loads(_unb64(payload))
        uuid.UUID(data["id"])
        return ConsentChoice(data["id"], str(data["v"]), normalise(data["c"]),
                             datetime.fromtimestamp(int(data["t"]), UTC))
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None


def current_choice(cookie: str | None, policy_version: str, *, now: datetime | None = None
                   ) -> ConsentChoice | None:
    """The choice still in force, or None when the visitor must be asked (again).

    The server log has the last word: a withdrawal recorded by the DPO desk overrides an older
    cookie, and a cookie whose proof is gone (erased with the account) is asked again.
    """
    choice = parse_cookie(cookie)
    if choice is None:
        return None
    logged = latest_event(choice.consent_id)
    if logged is None:
        return None
    if logged.decided_at > choice.decided_at + timedelta(seconds=1):
        choice = logged
    now = now or datetime.now(UTC)
    if choice.policy_version != policy_version:
        return None
    if choice.decided_at > now + _CLOCK_SKEW or now >= choice.expires_at:
        return None
    return choice


def latest_event(consent_id: str) -> ConsentChoice | None:
    """The last choice logged for this consent id."""
    row = store.latest_event(consent_id)
    if row is None:
        return None
    return ConsentChoice(consent_id, row[0], normalise(json.loads(row[1])), row[2])


def allowed(cookie: str | None, policy_version: str, category: str) -> bool:
    """For code outside the UI (e.g. the collection route): may `category` be used for this cookie?"""
    if category == NECESSARY:
        return True
    choice = current_choice(cookie, policy_version)
    return bool(choice and choice.choices.get(category))


# -- the DPO's search ---------------------------------------------------------------------------

_LOG_COLUMNS = ("created_at", "consent_id", "user_id", "email", "policy_version", "method", "decisions",
                "banner_text_sha256", "ip_trunc", "user_agent")


def search_log(actor: User | None, *, consent_id: str = "", account: str = "", limit: int = 5000
               ) -> pd.DataFrame:
    """Consent events by consent id and/or account (e-mail or user id), newest first; DPO only."""
    require(actor, "dpo")
    rows = store.search(consent_id.strip().lower(), normalise_email(account), limit)
    return pd.DataFrame(rows, columns=list(_LOG_COLUMNS))


def log_csv(frame: pd.DataFrame) -> bytes:
    """CSV export of a search result (UTF-8 with BOM so spreadsheet tools read accents right)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow(["" if v is None or (isinstance(v, float) and pd.isna(v)) else
                         (v.isoformat() if isinstance(v, datetime) else spreadsheet_safe(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
