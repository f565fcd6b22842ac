"""Saved analyses: one user never reads, renames or deletes another's (checked at the data layer)."""
from __future__ import annotations

import pytest

from accounts import PermissionDenied, get_user_by_email
from demo.seed import seed_accounts
from finance.analysis import analyse
from finance.store import delete_analysis, list_analyses, load_analysis, rename_analysis, save_analysis
from tests.conftest import shared_file


@pytest.fixture
def people(db):
    seed_accounts()
    return get_user_by_email("demo.user@example.com"), get_user_by_email("demo.staff@example.com")


@pytest.fixture(scope="module")
def years():
    return analyse(shared_file("fec", "000000000FEC20231231.txt"))


def test_save_list_load_round_trip(people, years):
    owner, _ = people
    analysis_id = save_analysis(owner, "Exercice 2023", years, company="Démo SARL")
    (saved,) = list_analyses(owner)
    assert saved.id == analysis_id and saved.name == "Exercice 2023" and saved.kind == "fec"
    loaded = load_analysis(owner, analysis_id)
    assert [y.to_dict() for y in loaded] == [y.to_dict() for y in years]


def test_another_user_can_neither_see_nor_touch_it(people, years):
    owner, other = people
    analysis_id = save_analysis(owner, "Privé", years)
    assert list_analyses(other) == []
    with pytest.raises(PermissionDenied):
        load_analysis(other, analysis_id)
    with pytest.raises(PermissionDenied):
        rename_analysis(other, analysis_id, "volé")
    with pytest.raises(PermissionDenied):
        delete_analysis(other, analysis_id)
    assert list_analyses(owner)[0].name == "Privé"


def test_rename_and_delete(people, years):
    owner, _ = people
    analysis_id = save_analysis(owner, "A", years)
    rename_analysis(owner, analysis_id, "B")
    assert list_analyses(owner)[0].name == "B"
    delete_analysis(owner, analysis_id)
    assert list_analyses(owner) == []
    with pytest.raises(PermissionDenied):
        load_analysis(owner, "not-a-uuid")


def test_unconfirmed_and_anonymous_cannot_save(db, years, smtp_server):
    from accounts.registration import register

    fresh = register(email="fresh@example.fr", password="a long good password")
    with pytest.raises(PermissionDenied):
        save_analysis(fresh, "x", years)
    with pytest.raises(PermissionDenied):
        save_analysis(None, "x", years)
    assert db.query_one("SELECT count(*) FROM finance_analyses") == (0,)
