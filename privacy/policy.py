"""The privacy policy: versioned templates filled from the organisation file.

Sources are `privacy/policy/<version>.<lang>.md`; the version is the date from which the text
applies (ISO, e.g. 2026-11-01). Templates hold placeholders such as `${retention.inactive_account_months}`
and never a typed duration, so the text always states the periods the code applies. The same
organisation file generates the register of processing activities (GDPR Art. 30).
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from config.organisation import Organisation, get_organisation
from i18n import LANGUAGES, format_date, t

POLICY_DIR = Path(__file__).resolve().parent / "policy"
_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.([a-z]{2})\.md$")


class _Template(string.Template):
    idpattern = r"[a-z_][a-z0-9_.]*"  # allows ${retention.consent_cookie_months}


@dataclass(frozen=True)
class PolicyVersion:
    version: str  # the applicable-from date as text, also the version id
    applicable_from: date
    languages: tuple[str, ...]


def list_versions(folder: Path = POLICY_DIR) -> list[PolicyVersion]:
    """Every version, newest first, including ones that apply in the future."""
    langs: dict[str, set[str]] = {}
    for path in folder.glob("*.md"):
        match = _FILE.match(path.name)
        if match:
            langs.setdefault(match.group(1), set()).add(match.group(2))
    return [PolicyVersion(v, date.fromisoformat(v), tuple(sorted(langs[v])))
            for v in sorted(langs, reverse=True)]


def current_version(today: date | None = None, folder: Path = POLICY_DIR) -> str:
    """The version in force today: the newest whose applicable-from date has come."""
    today = today or date.today()
    for item in list_versions(folder):
        if item.applicable_from <= today:
            return item.version
    raise LookupError(f"no privacy policy applies on {today} in {folder}")


def format_duration(amount: int, unit: str, lang: str) -> str:
    """`(30, "months")` -> "30 mois" / "30 months" (singular for 1)."""
    key = f"privacy.unit.{unit[:-1] if amount == 1 else unit}"
    return t(key, lang, n=amount)


def _values(org: Organisation, lang: str, version: PolicyVersion) -> dict[str, str]:
    values = {f"org.{k}": str(v) for k, v in org.raw["organisation"].items() if not isinstance(v, list)}
    values["org.sites"] = ", ".join(org.sites)
    values.update({f"identity.{k}": str(v) for k, v in org.identity.items()})
    for key, (amount, unit) in org.retention_periods().items():
        values[f"retention.{key}"] = format_duration(amount, unit, lang)
    values["processors"] = processors_markdown(org, lang)
    values["version"] = version.version
    values["applicable_from"] = format_date(version.applicable_from, lang)
    return values


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def processors_markdown(org: Organisation, lang: str) -> str:
    head = [t("privacy.processor.name", lang), t("privacy.processor.purpose", lang),
            t("privacy.processor.country", lang), t("privacy.processor.policy", lang)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for p in org.processors:
        link = f"[{t('privacy.processor.policy_link', lang)}]({p.policy_url})" if p.policy_url else "–"
        lines.append("| " + " | ".join(_cell(x) for x in (p.name, p.purpose.get(lang, ""), p.country))
                     + f" | {link} |")
    return "\n".join(lines)


def source_path(version: str, lang: str, folder: Path = POLICY_DIR) -> Path:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", version) or lang not in LANGUAGES:
        raise ValueError(f"unknown policy version or language: {version!r}, {lang!r}")
    return folder / f"{version}.{lang}.md"


def render(version: str, lang: str, *, org: Organisation | None = None, folder: Path = POLICY_DIR) -> str:
    """The policy text of `version` in `lang`, as markdown (to show WITHOUT unsafe_allow_html).

    Raises KeyError when the template names a value the organisation file does not provide,
    so a missing setting fails loudly instead of leaving a placeholder in the published text.
    """
    org = org or get_organisation()
    path = source_path(version, lang, folder)
    item = next((v for v in list_versions(folder) if v.version == version), None)
    if item is None or not path.exists():
        raise LookupError(f"no policy text for {version} in {lang}")
    header = t("privacy.policy.header", lang, version=version,
               date=format_date(item.applicable_from, lang))
    body = _Template(path.read_text(encoding="utf-8")).substitute(_values(org, lang, item))
    return f"_{header}_\n\n{body}"


REGISTER_FIELDS = ("name", "purpose", "legal_basis", "subjects", "data", "recipients")


def processing_register(lang: str, *, org: Organisation | None = None) -> pd.DataFrame:
    """The register of processing activities (GDPR Art. 30(1)), one row per activity."""
    org = org or get_organisation()
    periods = org.retention_periods()
    outside_eu = sorted({p.name for p in org.processors if not _in_eu(p.country)})
    transfers = ", ".join(outside_eu) if outside_eu else t("privacy.register.no_transfer", lang)
    rows = []
    for act in org.activities:
        row = {t(f"privacy.register.{f}", lang): act.text(f, lang) for f in REGISTER_FIELDS}
        colon = " : " if lang == "fr" else ": "  # French typography puts a space before the colon
        row[t("privacy.register.retention", lang)] = "; ".join(
            t(f"privacy.retention.{key}", lang) + colon + format_duration(*periods[key], lang)
            for key in act.retention)
        row[t("privacy.register.transfers", lang)] = transfers
        rows.append(row)
    return pd.DataFrame(rows)


_EU = {"france", "allemagne", "germany", "belgique", "belgium", "pays-bas", "netherlands", "irlande",
       "ireland", "luxembourg", "espagne", "spain", "italie", "italy", "finlande", "finland", "suède",
       "sweden", "danemark", "denmark", "autriche", "austria", "portugal", "pologne", "poland"}


def _in_eu(country: str) -> bool:
    return country.strip().lower() in _EU
