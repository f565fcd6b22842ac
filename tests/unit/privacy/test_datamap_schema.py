"""The personal-data map against the live schema: a table with a person column must be in the map."""
from __future__ import annotations

from privacy.datamap import DATAMAP, entries
from privacy.store_datamap import live_tables, person_columns


def test_every_person_column_of_the_schema_is_in_the_map(db):
    with db.cursor() as cur:
        found = person_columns(cur)
    by_table = {(e.catalog, e.table): e for e in DATAMAP}
    missing = []
    for (catalog, table), columns in found.items():
        entry = by_table.get((catalog, table))
        undeclared = [c for c in columns if entry is None or c not in entry.declared_columns()]
        if undeclared:
            missing.append(f"{catalog}.{table}: {undeclared}")
    assert not missing, ("tables holding person columns that privacy/datamap.py does not cover "
                         f"(add an Entry saying how to find, export and erase them): {missing}")


def test_map_entries_name_real_columns(db):
    with db.cursor() as cur:
        present = entries(live_tables(cur))
        cols = {(c, t, col) for c, t, col in cur.execute(
            "SELECT table_catalog, table_name, column_name FROM information_schema.columns").fetchall()}
    for e in present:
        wanted = e.declared_columns() | set(e.export_columns) | ({e.created_column} - {None})
        if e.retention:
            wanted.add(e.retention.column)
        for col in wanted:
            assert (e.catalog, e.table, col) in cols, f"{e.qualified}.{col} does not exist"
        if e.erasure == "archive":
            assert e.legal_hold is not None
        assert e.erasure in {"delete", "anonymise", "archive", "keep", "request"}


def test_the_walk_catches_a_new_table(db):
    db.execute("CREATE TABLE finance_notes (id UUID, owner_email VARCHAR, note VARCHAR)")
    with db.cursor() as cur:
        assert ("app", "finance_notes") in person_columns(cur)


def test_the_walk_catches_a_table_linked_through_a_request_or_a_keyed_hash(db):
    db.execute("CREATE TABLE dsr_notes (request_id UUID, note VARCHAR)")
    db.execute("CREATE TABLE pseudonyms (subject_ref VARCHAR)")
    with db.cursor() as cur:
        found = person_columns(cur)
    assert found[("app", "dsr_notes")] == ["request_id"] and found[("app", "pseudonyms")] == ["subject_ref"]
