"""The organisation file (privacy/organisation.toml): identity, retention periods, processors and
the processing activities of the Art. 30 register.

Read by the retention jobs, the ingestion layer and the policy text alike, so the policy always
states the durations the code applies.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from config.settings import get_settings

# A retention key ends with its unit: `inactive_account_months` is a number of months.
_UNIT = re.compile(r"_(hours|days|months|years)$")


@dataclass(frozen=True)
class Retention:
    audience_aggregates_months: int
    audience_events_months: int
    visitor_key_hours: int
    inactive_account_months: int
    inactive_warning_days: int
    unconfirmed_account_days: int
    consent_cookie_months: int
    consent_proof_years: int
    contact_request_months: int


@dataclass(frozen=True)
class AudienceSettings:
    """The [audience] section (read by the audience package); defaults apply to missing keys."""
    consent_exempt: bool = False
    excluded_ip_ranges: tuple[str, ...] = ()
    ipv4_mask_bytes: int = 2
    ipv6_prefix_length: int = 48
    timezone: str = "Europe/Paris"
    session_minutes: int = 30
    flush_seconds: float = 1.0
    flush_events: int = 2000
    max_buffer_events: int = 200000
    max_payload_bytes: int = 2048
    aggregate_refresh_seconds: float = 30.0
    # Local .mmdb files (GeoIP/DB-IP Country or City, ASN); "" = off: no country / network.
    geoip_database: str = ""
    asn_database: str = ""


# CNIL: consent-exempt audience statistics are kept at most 25 months; at least 2 IPv4 bytes masked.
EXEMPT_MAX_MONTHS = 25


def _checked_audience(settings: AudienceSettings, retention: Retention) -> AudienceSettings:
    """Refuse settings the CNIL rules forbid (ValueError), so the app cannot start with them."""
    if not 2 <= settings.ipv4_mask_bytes <= 4:
        raise ValueError("[audience] ipv4_mask_bytes must be 2 to 4 (CNIL: at least 2 bytes masked)")
    for key in ("geoip_database", "asn_database"):
        if not isinstance(getattr(settings, key), str):
            raise ValueError(f"[audience] {key} must be a file path (a string, \"\" = off)")
    if not 0 <= settings.ipv6_prefix_length <= 48:
        raise ValueError("[audience] ipv6_prefix_length must be at most 48")
    longest = max(retention.audience_aggregates_months, retention.audience_events_months)
    if settings.consent_exempt and longest > EXEMPT_MAX_MONTHS:
        raise ValueError(f"[audience] consent_exempt = true requires audience retention <= "
                         f"{EXEMPT_MAX_MONTHS} months (CNIL), not {longest}: "
                         "lower [retention] audience_aggregates_months")
    return settings


@dataclass(frozen=True)
class Processor:
    name: str
    purpose: dict[str, str]  # lang -> text
    country: str
    policy_url: str


@dataclass(frozen=True)
class Activity:
    """One entry of the register of processing activities (GDPR Art. 30(1))."""
    id: str
    texts: dict[str, dict[str, str]]  # field -> lang -> text (name, purpose, legal_basis, ...)
    retention: tuple[str, ...]  # keys of [retention]

    def text(self, field: str, lang: str) -> str:
        by_lang = self.texts.get(field, {})
        return by_lang.get(lang) or by_lang.get("fr", "")


@dataclass(frozen=True)
class Organisation:
    raw: dict[str, Any]
    retention: Retention

    @property
    def name(self) -> str:
        return self.raw["organisation"]["name"]

    @property
    def timezone(self) -> str:
        """The organisation's local time: the one of [audience] (the file's one time zone), used for
        dates and times typed on the desks as well."""
        return self.audience.timezone

    @property
    def audience(self) -> AudienceSettings:
        known = {f.name for f in fields(AudienceSettings)}
        values = {k: v for k, v in self.raw.get("audience", {}).items() if k in known}
        if "excluded_ip_ranges" in values:
            values["excluded_ip_ranges"] = tuple(values["excluded_ip_ranges"])
        return _checked_audience(AudienceSettings(**values), self.retention)

    @property
    def email(self) -> str:
        return self.raw["organisation"].get("email", "")

    @property
    def address(self) -> str:
        return self.raw["organisation"].get("address", "")

    @property
    def dpo_name(self) -> str:
        return self.raw["organisation"].get("dpo_name", "")

    @property
    def dpo_email(self) -> str:
        return self.raw["organisation"].get("dpo_email", "")

    @property
    def sites(self) -> tuple[str, ...]:
        return tuple(self.raw["organisation"].get("sites", []))

    @property
    def identity(self) -> dict[str, Any]:
        """Legal form, SIREN, postal address, app URL, supervisory authority."""
        return dict(self.raw.get("identity", {}))

    @property
    def processors(self) -> tuple[Processor, ...]:
        return tuple(_processor(p) for p in self.raw.get("processors", []))

    @property
    def activities(self) -> tuple[Activity, ...]:
        return tuple(_activity(a) for a in self.raw.get("activities", []))

    def retention_periods(self) -> dict[str, tuple[int, str]]:
        """Every duration of [retention] as key -> (amount, unit), unit in hours/days/months/years.

        Includes keys added after the Retention dataclass was written (other areas may add some).
        """
        out = {}
        for key, value in self.raw.get("retention", {}).items():
            match = _UNIT.search(key)
            if match and isinstance(value, int):
                out[key] = (value, match.group(1))
        return out


def _processor(data: dict[str, Any]) -> Processor:
    return Processor(name=data["name"], country=data.get("country", ""),
                     policy_url=data.get("policy_url", ""),
                     purpose={lang: data.get(f"purpose_{lang}", "") for lang in ("fr", "en")})


def _activity(data: dict[str, Any]) -> Activity:
    texts: dict[str, dict[str, str]] = {}
    for key, value in data.items():
        if key.endswith(("_fr", "_en")) and isinstance(value, str):
            texts.setdefault(key[:-3], {})[key[-2:]] = value
    return Activity(id=data["id"], texts=texts, retention=tuple(data.get("retention", [])))


def load_organisation(path: Path) -> Organisation:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    known = {f.name for f in fields(Retention)}
    # Extra retention keys are kept in `raw` (and in retention_periods()) rather than refused.
    retention = Retention(**{k: v for k, v in data["retention"].items() if k in known})
    org = Organisation(raw=data, retention=retention)
    for activity in org.activities:
        unknown = set(activity.retention) - set(org.retention_periods())
        if unknown:
            raise ValueError(f"activity {activity.id!r} names unknown retention keys: {sorted(unknown)}")
    return org


@lru_cache(maxsize=1)
def get_organisation() -> Organisation:
    return load_organisation(get_settings().APP_ORGANISATION_FILE)
