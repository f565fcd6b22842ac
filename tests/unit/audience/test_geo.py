"""Country and network from local .mmdb files: looked up on the FULL address, in memory, at ingestion.

The test databases map the masked prefixes (203.0.0.0, 2001:db8:1::) to other answers, so a
lookup of the stored prefix instead of the full address would show.
"""
from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from mmdb_writer import MMDBWriter
from netaddr import IPSet

from accounts import User
from audience import geo, logs, pipeline
from audience.buffer import Buffer
from audience.config import load_config
from audience.keys import KeyStore
from audience.stats import notes, store
from audience.stats.filters import Filters
from audience.stats.periods import Period
from config import organisation, settings
from tests.unit.audience.helpers import CHROME, IPHONE, NOW, batch, make_config, raw
from tests.unit.audience.test_no_raw_ip import needles

V4, V4_MAPPED, V6, NOWHERE = "203.0.113.7", "::ffff:203.0.113.8", "2001:db8:1:2::5", "198.51.100.1"
COUNTRIES = {"203.0.113.0/24": "FR", "203.0.0.0/24": "US", "2001:db8:1:2::/64": "DE", "2001:db8:1::/64": "AT"}
NETWORKS = {"203.0.113.0/24": "Exemple Telecom", "203.0.0.0/24": "Wrong Prefix Org",
            "2001:db8:1:2::/64": "Beispiel Netz GmbH", "2001:db8:1::/64": "Wrong v6 Org"}
STAFF = User(id="00000000-0000-0000-0000-000000000001", email="x@example.com", first_name="", last_name="",
             company="", siren="", roles=("user", "staff"), language="fr", confirmed=True, disabled=False)


def write_mmdb(path: Path, kind: str, records: dict[str, dict]) -> Path:
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type=kind)
    for network, record in records.items():
        writer.insert_network(IPSet([network]), record)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer.to_db_file(str(path))
    return path


def build_databases(folder: Path) -> tuple[Path, Path]:
    country = write_mmdb(folder / "country.mmdb", "GeoLite2-Country",
                         {n: {"country": {"iso_code": c, "names": {"fr": "x"}}} for n, c in COUNTRIES.items()})
    asn = write_mmdb(folder / "asn.mmdb", "GeoLite2-ASN",
                     {n: {"autonomous_system_number": 64500 + i, "autonomous_system_organization": o}
                      for i, (n, o) in enumerate(NETWORKS.items())})
    return country, asn


def configure(tmp_path: Path, monkeypatch, country: str = "", asn: str = "") -> None:
    """A copy of the organisation file with the two [audience] paths set, as the app's file."""
    text = (Path(organisation.__file__).resolve().parents[1] / "privacy" / "organisation.toml").read_text("utf-8")
    text = text.replace('geoip_database = ""', f'geoip_database = "{country}"')
    text = text.replace('asn_database = ""', f'asn_database = "{asn}"')
    path = tmp_path / "organisation.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("APP_ORGANISATION_FILE", str(path))
    settings.reload_settings()
    organisation.get_organisation.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_readers():
    geo.reader.cache_clear()
    yield
    geo.reader.cache_clear()


@pytest.fixture
def databases(tmp_path) -> tuple[Path, Path]:
    return build_databases(tmp_path / "geo")


@pytest.fixture
def geo_on(tmp_path, monkeypatch, databases):
    configure(tmp_path, monkeypatch, *map(str, databases))
    return databases


def run(rows, config):
    ctx = pipeline.Context(config, KeyStore(config_keys(), keep_hours=48, timezone="Europe/Paris"), NOW,
                           site_hosts={"shop": frozenset({"www.shop.fr"})})
    return pipeline.run(batch(*rows), ctx)


def config_keys() -> Path:
    import tempfile
    return Path(tempfile.mkdtemp()) / "keys"


def test_the_step_reads_the_full_address_ipv4_and_ipv6(databases):
    config = make_config(geoip_database=str(databases[0]), asn_database=str(databases[1]))
    events, drops = run([raw(ip=ip) for ip in (V4, V4_MAPPED, V6, NOWHERE, "not-an-ip")], config)
    assert not drops
    assert events["country"].to_pylist() == ["FR", "FR", "DE", "", ""]
    assert events["network"].to_pylist() == ["Exemple Telecom", "Exemple Telecom", "Beispiel Netz GmbH", "", ""]
    assert events["ip_prefix"].to_pylist()[:3] == ["203.0.0.0", "203.0.0.0", "2001:db8:1::"]
    names = [name for name, _ in pipeline.STEPS]
    assert names.index("visitor") < names.index("put_geo") < names.index("anonymise")


def test_one_file_only_and_no_file(databases):
    events, _ = run([raw(ip=V4)], make_config(asn_database=str(databases[1])))
    assert (events["country"].to_pylist(), events["network"].to_pylist()) == ([""], ["Exemple Telecom"])
    events, _ = run([raw(ip=V4)], make_config())
    assert (events["country"].to_pylist(), events["network"].to_pylist()) == ([""], [""])


def test_a_missing_or_corrupt_file_is_logged_once_without_the_address(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    corrupt = tmp_path / "corrupt.mmdb"
    corrupt.write_bytes(b"not a database " * 100)
    config = make_config(geoip_database=str(tmp_path / "missing.mmdb"), asn_database=str(corrupt))
    for _ in range(2):
        events, _ = run([raw(ip=V4), raw(ip=V6)], config)
        assert events.num_rows == 2 and set(events["country"].to_pylist() + events["network"].to_pylist()) == {""}
    messages = [r.getMessage() for r in caplog.records if r.name == "audience.geo"]
    assert len(messages) == 2  # one line per file, not one per batch
    assert any("missing.mmdb" in m for m in messages) and any("corrupt.mmdb" in m for m in messages)
    assert not any(ip in m for m in messages for ip in (V4, V6))


def test_the_reader_is_opened_once_per_process(databases, monkeypatch):
    opened = []
    real_open = geo.maxminddb.open_database
    monkeypatch.setattr(geo.maxminddb, "open_database", lambda path: opened.append(path) or real_open(path))
    config = make_config(geoip_database=str(databases[0]), asn_database=str(databases[1]))
    for _ in range(3):
        run([raw(ip=V4)], config)
    assert sorted(opened) == sorted(map(str, databases))


def test_settings_accessor_and_dashboard_switch(tmp_path, monkeypatch, databases):
    assert (organisation.get_organisation().audience.geoip_database,
            organisation.get_organisation().audience.asn_database) == ("", "")
    assert notes.geo_files() == {} and not notes.geo_enabled()
    configure(tmp_path, monkeypatch, str(databases[0]), str(tmp_path / "absent.mmdb"))
    assert notes.geo_files() == {"country": databases[0]}  # a configured file that does not exist: no block
    configure(tmp_path, monkeypatch, *map(str, databases))
    assert organisation.get_organisation().audience.asn_database == str(databases[1])
    assert notes.geo_files() == {"country": databases[0], "network": databases[1]} and notes.geo_enabled()


def test_aggregates_and_dashboard_queries(db, site, geo_on):
    buf = Buffer(db, load_config(), keys=KeyStore(db.data_dir / "keys", keep_hours=48, timezone="Europe/Paris"),
                 clock=lambda: NOW)
    t0 = NOW - timedelta(hours=2)
    rows = [raw(ip=V4, ts=t0, url="https://www.shop.fr/"), raw(ip=V4, ts=t0 + timedelta(minutes=1),
                                                              url="https://www.shop.fr/tarifs"),
            raw(ip=V6, ts=t0, user_agent=IPHONE, url="https://www.shop.fr/"),
            raw(ip=NOWHERE, ts=t0, url="https://www.shop.fr/"),
            raw(ip=V4_MAPPED, ts=t0, user_agent=CHROME, url="https://www.shop.fr/tarifs")]
    for row in rows:
        buf.add(row)
    assert buf.flush(force=True) == 5
    dd = {(dim, v): (vis, visits, pv) for dim, v, vis, visits, pv in db.query(
        "SELECT dimension, value, visitors, visits, pageviews FROM audience.daily_dimensions "
        "WHERE dimension IN ('country', 'network')")}
    assert dd == {("country", "FR"): (2, 2, 3), ("country", "DE"): (1, 1, 1), ("country", ""): (1, 1, 1),
                  ("network", "Exemple Telecom"): (2, 2, 3), ("network", "Beispiel Netz GmbH"): (1, 1, 1),
                  ("network", ""): (1, 1, 1)}
    assert db.query("SELECT country, network, sum(visits), sum(pageviews) FROM audience.daily_visits "
                    "GROUP BY ALL ORDER BY country") == [("", "", 1, 1), ("DE", "Beispiel Netz GmbH", 1, 1),
                                                         ("FR", "Exemple Telecom", 2, 3)]
    assert db.query("SELECT path, country, sum(pageviews) FROM audience.daily_pages GROUP BY ALL "
                    "ORDER BY path, country") == [("/", "", 1), ("/", "DE", 1), ("/", "FR", 1), ("/tarifs", "FR", 2)]
    period = Period("custom", NOW.date(), NOW.date())
    top = store.countries(STAFF, "shop", period, Filters())
    assert list(zip(top.df["value"], top.df["visitors"], strict=True)) == [("FR", 2), ("", 1), ("DE", 1)]
    # filters on the new dimensions, alone and combined (daily_visits, daily_pages, raw events)
    assert store.key_figures(STAFF, "shop", period, Filters(country="DE")).current.visits == 1
    chrome_fr = store.key_figures(STAFF, "shop", period, Filters(country="FR", browser="Chrome"))
    assert (chrome_fr.source, chrome_fr.current.visits, chrome_fr.current.pageviews) == ("dv", 2, 3)
    nets = store.networks(STAFF, "shop", period, Filters(browser="Chrome"))
    assert dict(zip(nets.df["value"], nets.df["visits"], strict=True)) == {"Exemple Telecom": 2, "": 1}
    pages = store.top_pages(STAFF, "shop", period, Filters(country="FR", network="Exemple Telecom"))
    assert dict(zip(pages.df["value"], pages.df["pageviews"], strict=True)) == {"/tarifs": 2, "/": 1}
    hours = store.timeseries(STAFF, "shop", period, Filters(country="FR", browser="Chrome"), grain="hour")
    assert hours.source == "raw" and hours.df["visits"].sum() == 2


def test_no_raw_ip_in_the_data_files_with_geo_on(db, site, geo_on, tmp_path):
    ips = [V4, V6, "203.0.113.201", "2001:db8:1:2:aaaa:bbbb:cccc:dddd"]
    buf = Buffer(db, load_config(), keys=KeyStore(db.data_dir / "keys", keep_hours=48, timezone="Europe/Paris"),
                 clock=lambda: NOW)
    for ip in ips:
        buf.add(raw(ip=ip, ts=NOW - timedelta(minutes=5)))
    assert buf.flush(force=True) == len(ips)
    text = "".join(f'{ip} - - [10/Mar/2026:11:00:00 +0000] "GET /log HTTP/1.1" 200 5 "-" "{CHROME}"\n' for ip in ips)
    assert logs.import_bytes(text.encode(), site, now=NOW).events_stored == len(ips)
    assert db.query("SELECT DISTINCT country FROM audience.events ORDER BY 1") == [("DE",), ("FR",)]
    db.checkpoint()
    files = [p for p in db.data_dir.rglob("*") if p.is_file()]
    assert any(p.name == "audience.duckdb" for p in files)
    leaks = [(str(p), ip) for p in files for ip in ips for n in needles(ip) if n in p.read_bytes()]
    assert not leaks
