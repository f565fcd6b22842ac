"""README.md of the personal-data package: the processing information of GDPR Art. 15(1),
in the person's language, built from the personal-data map and the organisation file."""
from __future__ import annotations

from datetime import UTC, datetime

from config.organisation import get_organisation
from i18n import catalogue, t
from privacy.datamap import DATAMAP


def readme(data: dict[str, list[dict]], lang: str) -> str:
    org = get_organisation()
    r = org.retention
    lines = [t("dsr.readme.title", lang, organisation=org.name), "",
             t("dsr.readme.generated", lang, when=f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"), "",
             t("dsr.readme.tables", lang), ""]
    for e in DATAMAP:
        if e.table in data:
            key = f"dsr.purpose.{e.table}"
            purpose = t(key, lang) if key in catalogue() else e.purpose
            lines.append(f"- `{e.table}` ({len(data[e.table])}) : {purpose}")
    lines += ["", t("dsr.readme.retention", lang, months=r.inactive_account_months, warning=r.inactive_warning_days,
                    contact=r.contact_request_months, consent=r.consent_proof_years), ""]
    recipients = ", ".join(f"{p.name} ({p.country})" for p in org.processors) or "-"
    lines += [t("dsr.readme.recipients", lang, recipients=recipients), "",
              t("dsr.readme.rights", lang, dpo_email=org.dpo_email), "",
              t("dsr.readme.controller", lang, organisation=org.name, address=org.address), ""]
    return "\n".join(lines)
