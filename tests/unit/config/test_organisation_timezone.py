"""The pages' local time comes from the organisation file, not from a name written in the code."""
from __future__ import annotations

from pathlib import Path

from config import organisation, settings

ORGANISATION = Path(__file__).resolve().parents[3] / "privacy" / "organisation.toml"


def test_the_time_zone_is_the_organisation_files(tmp_path, monkeypatch):
    text = ORGANISATION.read_text(encoding="utf-8")
    assert 'timezone = "Europe/Paris"' in text
    assert organisation.get_organisation().timezone == "Europe/Paris"
    other = tmp_path / "organisation.toml"
    other.write_text(text.replace('timezone = "Europe/Paris"', 'timezone = "America/Cayenne"'), encoding="utf-8")
    monkeypatch.setenv("APP_ORGANISATION_FILE", str(other))
    settings.reload_settings()
    organisation.get_organisation.cache_clear()
    assert organisation.get_organisation().timezone == "America/Cayenne"
