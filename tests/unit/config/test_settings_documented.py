"""Every setting is documented in the README (datasette's rule)."""
from dataclasses import fields
from pathlib import Path

from config.settings import Settings

README = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme():
    missing = [f.name for f in fields(Settings) if f"`{f.name}`" not in README]
    assert not missing, f"settings missing from README.md: {missing}"


def test_readme_starts_with_the_two_commands():
    head = README.splitlines()[:5]
    assert any("make run" in line for line in head) and any("make test" in line for line in head)
