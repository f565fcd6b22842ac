"""The dashboard shows "Pays" and "Réseaux / opérateurs" only when local databases are configured."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from audience.buffer import Buffer
from audience.config import load_config
from audience.keys import KeyStore
from tests.apptest.conftest import make_app  # noqa: F401 (fixture)
from tests.unit.audience.helpers import raw
from tests.unit.audience.test_geo import V4, V6, build_databases, configure

PAGE = "../pages/audience.py"
GEO_TABS = {"Pays", "Réseaux / opérateurs"}


def seed(db) -> datetime:
    db.execute("INSERT INTO audience_sites (name, hosts) VALUES ('shop', ['www.shop.fr'])")
    now = datetime.now(UTC)
    day = now - timedelta(days=2)
    buf = Buffer(db, load_config(), keys=KeyStore(db.data_dir / "keys", keep_hours=48, timezone="Europe/Paris"),
                 clock=lambda: now)
    for ip in (V4, V6):
        buf.add(raw(ip=ip, ts=day))
    assert buf.flush(force=True) == 2
    return day


def open_dashboard(make_app, day: datetime):  # noqa: F811
    at = make_app("staff")
    at.query_params.update({"site": "shop", "period": "custom", "from": (day.date() - timedelta(days=1)).isoformat(),
                            "to": (day.date() + timedelta(days=1)).isoformat(), "country": "FR"})
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(autouse=True)
def _fresh_readers():
    from audience import geo
    geo.reader.cache_clear()
    yield
    geo.reader.cache_clear()


def test_geo_blocks_shown_when_configured(db, make_app, tmp_path, monkeypatch):  # noqa: F811
    configure(tmp_path, monkeypatch, *map(str, build_databases(tmp_path / "geo")))
    at = open_dashboard(make_app, seed(db))
    assert {tab.label for tab in at.tabs} >= GEO_TABS
    assert "country" in at.query_params  # the filter from the URL applies
    assert {m.label: m.value for m in at.metric}["Visites"] == "1"
    tables = [list(d.value["value"]) for d in at.dataframe if "value" in d.value.columns]
    assert ["FR"] in tables and ["Exemple Telecom"] in tables  # the country and network blocks
    assert not any("masqués" in m.value for m in at.markdown)


def test_geo_blocks_hidden_otherwise(db, make_app):  # noqa: F811
    at = open_dashboard(make_app, seed(db))
    assert not GEO_TABS & {tab.label for tab in at.tabs}
    assert {m.label: m.value for m in at.metric}["Visites"] == "2"  # a country filter in the URL is ignored
    assert any("Pays et réseaux : masqués" in m.value for m in at.markdown)
