"""The access/portability ZIP holds every table with the person's data, walked from the live schema.

A new table with a person column (user_id, email, ...) that the export leaves out makes this fail,
so analyses, forecasts or market studies added later cannot be forgotten. Tables whose only
person columns name a staff member acting on the row (declared "keep" in the data map) are not
data about the person and are the only ones allowed to stay out.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile

from mail import subscriptions as mailing
from privacy import consent
from privacy.datamap import DATAMAP
from privacy.export import build_export_zip
from privacy.store_datamap import person_columns
from tests.unit.privacy.helpers import make_user


def _zip(db, user) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(build_export_zip(user, user.id)))


def _staff_only(catalog: str, table: str, columns: list[str]) -> bool:
    """Staff ids, or columns reaching the person only through a request or a keyed hash (the
    request itself is exported)."""
    entry = next((e for e in DATAMAP if (e.catalog, e.table) == (catalog, table)), None)
    return (entry is not None and entry.erasure in ("keep", "request")
            and set(columns) <= set(entry.staff_columns) | set(entry.indirect_columns))


def test_every_table_with_a_person_column_is_in_the_export(db):
    user = make_user(db, "walk@example.fr")
    with db.cursor() as cur:
        found = person_columns(cur)
    assert ("app", "users") in found and ("app", "consent_events") in found   # the walk sees the schema
    with _zip(db, user) as zf:
        data = json.loads(zf.read("data.json"))
        names = set(zf.namelist())
    missing = [f"{catalog}.{table} {columns}" for (catalog, table), columns in sorted(found.items())
               if not _staff_only(catalog, table, columns)
               and not (table in data and f"csv/{table}.csv" in names)]
    assert not missing, ("tables holding a person's data that the export ZIP leaves out "
                         f"(give them export_columns in privacy/datamap.py): {missing}")


def test_the_export_holds_the_rows_machine_readable_and_documented(db):
    user = make_user(db, "ada@example.fr")
    other = make_user(db, "bob@example.fr")
    cid = consent.new_consent_id()
    consent.record_consent(cid, {"audience": True}, "custom", "2026-11-01", "banner", "192.0.2.44", "UA/1",
                           user.id)
    consent.record_consent(consent.new_consent_id(), {}, "refuse_all", "2026-11-01", "banner", None, None,
                           other.id)
    mailing.set_subscription(user, "news", True)
    db.execute("INSERT INTO contact_requests (name, email, topic, message) VALUES ('Ada', 'ADA@example.fr', "
               "'quote', 'Bonjour')")
    with _zip(db, user) as zf:
        data = json.loads(zf.read("data.json"))
        readme = zf.read("README.md").decode("utf-8")
        consents_csv = list(csv.DictReader(io.StringIO(zf.read("csv/consent_events.csv").decode("utf-8"))))
    assert [r["email"] for r in data["users"]] == ["ada@example.fr"]
    assert [r["consent_id"] for r in data["consent_events"]] == [cid]          # not bob's
    assert data["consent_events"][0]["ip_trunc"] == "192.0.0.0"
    [subscription] = data["mail_subscriptions"]
    assert (subscription["kind"], subscription["subscribed"]) == ("news", True)
    assert [r["message"] for r in data["contact_requests"]] == ["Bonjour"]
    assert consents_csv[0]["method"] == "custom"
    for table in ("users", "consent_events", "mail_subscriptions"):
        assert table in readme, f"README documents {table}"
    assert "bob@example.fr" not in json.dumps(data)
