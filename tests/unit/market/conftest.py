from __future__ import annotations

import pytest

from market.demo import import_demo


@pytest.fixture
def demo_data(db, tmp_path):
    """The demonstration datasets, imported like real files."""
    return import_demo(tmp_path / "demo-files")
