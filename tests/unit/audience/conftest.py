"""Audience fixtures (helpers live in aud_helpers.py)."""
from __future__ import annotations

import pytest

from audience import buffer as buffer_module
from audience import sites


@pytest.fixture(autouse=True)
def _audience_state():
    sites.invalidate_cache()
    yield
    sites.invalidate_cache()


@pytest.fixture
def db(db):
    """The shared `db` fixture, with the process buffer flushed and stopped before it closes."""
    yield db
    buffer_module.stop_buffer()


@pytest.fixture
def site(db):
    db.execute("INSERT INTO audience_sites (name, hosts) VALUES ('shop', ['www.shop.fr', 'shop.fr'])")
    sites.invalidate_cache()
    return "shop"
