"""Country and network of an address, from local MaxMind-format (.mmdb) database files.

Optional: only when `[audience] geoip_database` / `asn_database` name a file (GeoLite2/DB-IP
Country or City, GeoLite2/DB-IP ASN). The pipeline's `put_geo` step looks the FULL address up in
memory, before `anonymise` drops it (never the stored masked prefix, which would give wrong
answers), and keeps only the ISO country code and the ASN organisation name. Nothing is fetched
over the network. A missing or unreadable file logs one line (its path, never an address) and
the column stays ''.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import maxminddb

from audience.anonymise import parse_ip
from config.organisation import AudienceSettings

log = logging.getLogger(__name__)
# Dimension -> [audience] key naming its database file.
GEO_KEYS = {"country": "geoip_database", "network": "asn_database"}
MAX_NETWORK = 200  # an organisation name, not free text


def configured_paths(settings: AudienceSettings) -> dict[str, Path]:
    """Dimension -> configured database path (set, whether or not the file exists)."""
    return {dim: Path(getattr(settings, key)).expanduser() for dim, key in GEO_KEYS.items()
            if getattr(settings, key)}


def configured_files(settings: AudienceSettings) -> dict[str, Path]:
    """Dimension -> configured database file that exists (the dashboard shows only these)."""
    return {dim: path for dim, path in configured_paths(settings).items() if path.is_file()}


@lru_cache(maxsize=8)
def reader(path: str) -> maxminddb.Reader | None:
    """The file's reader, opened once per process (restart to load an updated file); None if unusable."""
    try:
        return maxminddb.open_database(path)
    except FileNotFoundError:
        log.error("audience geo database not found: %s (column left empty)", path)
    except Exception as exc:  # corrupt or not an .mmdb file: ingestion goes on without it
        log.error("audience geo database unreadable: %s (%s; column left empty)", path, type(exc).__name__)
    return None


def _record(db: maxminddb.Reader, ip: str | None) -> dict | None:
    addr = parse_ip(ip)
    if addr is None:
        return None
    try:
        found = db.get(addr)
    except (ValueError, maxminddb.InvalidDatabaseError):  # IPv6 in an IPv4-only file, damaged tree
        return None
    return found if isinstance(found, dict) else None


def country(db: maxminddb.Reader, ip: str | None) -> str:
    """ISO 3166 code of the country (of registration when the location is unknown), or ''."""
    found = _record(db, ip) or {}
    for key in ("country", "registered_country"):
        part = found.get(key)
        code = part.get("iso_code") if isinstance(part, dict) else None
        if isinstance(code, str) and code.isalpha() and len(code) == 2:
            return code.upper()
    return ""


def network(db: maxminddb.Reader, ip: str | None) -> str:
    """Name of the organisation announcing the address (ASN organisation), or ''."""
    found = _record(db, ip) or {}
    for key in ("autonomous_system_organization", "organization", "isp"):
        name = found.get(key)
        if isinstance(name, str) and name.strip():
            return name.strip()[:MAX_NETWORK]
    return ""
