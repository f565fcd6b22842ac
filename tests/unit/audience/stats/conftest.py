"""Fixtures for the dashboard tests: acting users (staff and a plain user)."""
from __future__ import annotations

import pytest

from accounts import User


def _user(roles: tuple[str, ...]) -> User:
    return User(id="00000000-0000-0000-0000-000000000001", email="x@example.com", first_name="", last_name="",
                company="", siren="", roles=roles, language="fr", confirmed=True, disabled=False)


@pytest.fixture
def staff() -> User:
    return _user(("user", "staff"))


@pytest.fixture
def plain_user() -> User:
    return _user(("user",))
