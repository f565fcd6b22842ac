"""The privacy policy: versions, rendering from the organisation file, the Art. 30 register."""
from __future__ import annotations

import re
import shutil
from datetime import date

import pytest

from config.organisation import get_organisation, load_organisation
from i18n import LANGUAGES
from privacy import policy

# A duration typed in a template would drift from what the code applies.
TYPED_DURATION = re.compile(r"\b\d+\s*(mois|months?|jours?|days?|heures?|hours?|ans?|years?)\b", re.I)


def test_every_version_exists_in_every_language_and_renders_completely():
    versions = policy.list_versions()
    assert versions, "at least one policy version"
    for item in versions:
        assert item.languages == tuple(sorted(LANGUAGES))
        for lang in LANGUAGES:
            text = policy.render(item.version, lang)
            assert "${" not in text and "$" not in text.replace("$$", "")
            assert item.version in text


def test_templates_type_no_duration():
    for path in policy.POLICY_DIR.glob("*.md"):
        found = TYPED_DURATION.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name} types a duration ({found}); use ${{retention.<key>}}"


def test_durations_come_from_the_organisation_file(tmp_path):
    src = get_organisation()
    changed = tmp_path / "organisation.toml"
    text = (policy.POLICY_DIR.parent / "organisation.toml").read_text(encoding="utf-8")
    changed.write_text(text.replace("inactive_account_months = 30", "inactive_account_months = 17"),
                       encoding="utf-8")
    org = load_organisation(changed)
    version = policy.current_version()
    assert "17 mois" in policy.render(version, "fr", org=org)
    assert "17 months" in policy.render(version, "en", org=org)
    assert "30 mois" in policy.render(version, "fr", org=src)
    register = policy.processing_register("en", org=org)
    assert register["Retention period"].str.contains("17 months").any()


def test_organisation_details_and_processors_with_links():
    org = get_organisation()
    text = policy.render(policy.current_version(), "fr")
    for value in (org.name, org.dpo_email, org.identity["postal_address"], *org.sites):
        assert value in text
    assert org.processors, "processors are listed in organisation.toml"
    for p in org.processors:
        assert p.name in text and f"]({p.policy_url})" in text
    assert "<script" not in text.lower()


def test_versions_current_and_older_readable(tmp_path):
    for name in ("2026-11-01.fr.md", "2026-11-01.en.md"):
        shutil.copy(policy.POLICY_DIR / name, tmp_path / name)
        shutil.copy(policy.POLICY_DIR / name, tmp_path / name.replace("2026-11-01", "2027-06-01"))
    (tmp_path / "README.txt").write_text("not a version")
    versions = [v.version for v in policy.list_versions(tmp_path)]
    assert versions == ["2027-06-01", "2026-11-01"]
    assert policy.current_version(date(2027, 5, 31), tmp_path) == "2026-11-01"
    assert policy.current_version(date(2027, 6, 1), tmp_path) == "2027-06-01"
    older = policy.render("2026-11-01", "en", folder=tmp_path)
    assert "2026-11-01" in older
    with pytest.raises(LookupError):
        policy.current_version(date(2020, 1, 1), tmp_path)


def test_bad_version_or_language_is_refused():
    with pytest.raises(ValueError):
        policy.render("../../etc/passwd", "fr")
    with pytest.raises(ValueError):
        policy.render(policy.current_version(), "de")
    with pytest.raises(LookupError):
        policy.render("1999-01-01", "fr")


def test_register_has_every_activity_and_column_in_both_languages():
    org = get_organisation()
    for lang in LANGUAGES:
        frame = policy.processing_register(lang)
        assert len(frame) == len(org.activities) >= 5
        assert len(frame.columns) == 8
        assert not (frame == "").any().any(), "every cell of the register is filled"
    fr = policy.processing_register("fr")
    assert fr["Durée de conservation"].str.contains("30 mois").any()


def test_activity_with_unknown_retention_key_is_refused(tmp_path):
    text = (policy.POLICY_DIR.parent / "organisation.toml").read_text(encoding="utf-8")
    bad = tmp_path / "organisation.toml"
    bad.write_text(text.replace('retention = ["contact_request_months"]', 'retention = ["forever_months"]'),
                   encoding="utf-8")
    with pytest.raises(ValueError, match="forever_months"):
        load_organisation(bad)


def test_organisation_loader_stays_compatible():
    org = get_organisation()
    assert org.name and org.retention.consent_cookie_months == 6
    assert org.raw["retention"]["inactive_account_months"] == org.retention.inactive_account_months
    assert org.audience.ipv4_mask_bytes >= 2
    assert policy.format_duration(1, "years", "fr") == "1 an"
    assert policy.format_duration(48, "hours", "en") == "48 hours"


def test_message_keys_built_at_run_time_exist():
    from i18n import catalogue
    from mail import subscriptions as mailing
    from privacy import consent
    keys = catalogue()
    wanted = [f"privacy.category.{c}" for c in consent.CATEGORIES]
    units = ("hours", "hour", "days", "day", "months", "month", "years", "year")
    wanted += [f"privacy.unit.{u}" for u in units]
    wanted += [f"privacy.register.{f}" for f in (*policy.REGISTER_FIELDS, "retention", "transfers")]
    wanted += [f"privacy.retention.{k}" for k in get_organisation().retention_periods()]
    wanted += [f"privacy.account.mailing.{k}" for k in mailing.OPTIONAL_KINDS]
    wanted += [f"privacy.account.method.{m}" for m in ("password", "code")]
    assert not [k for k in wanted if k not in keys]
