"""Audience fixtures (helpers live in helpers.py; the database and the process buffer: tests/conftest.py)."""
from __future__ import annotations

import pytest

from audience import sites


@pytest.fixture
def site(db):
    db.execute("INSERT INTO audience_sites (name, hosts) VALUES ('shop', ['www.shop.fr', 'shop.fr'])")
    sites.invalidate_cache()
    return "shop"
