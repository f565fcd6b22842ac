"""The analysis page through the real navigation: import (report first), analyse, save, reopen, rename,
delete; manual 2033 entry; a broken file; another user never sees the first user's analyses.

st.file_uploader cannot be driven by AppTest: the page queues uploaded files as (name, bytes) in
session state on the Analyse click and parses them on the next run, so the tests put bytes in that queue
(the browser journey in tests/e2e/test_analysis_journey.py uploads a real file).
"""
from __future__ import annotations

from datetime import date

import pytest

from accounts import get_user_by_email
from finance.demo import demo_fec
from finance.manual import ManualYear, manual_frame
from finance.store import list_analyses

PAGE = "../pages/analysis.py"
FILES = [("999999999FEC20241231.txt", demo_fec(2024, 1.08, True)), ("999999999FEC20231231.txt", demo_fec(2023, 1.0))]


@pytest.fixture
def page(make_app):
    def open_page(role: str = "user"):
        at = make_app(role)
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return at
    return open_page


def analyse(at, files):
    at.session_state["fin_pending"] = files
    at.run()
    assert not at.exception, at.exception
    return at


def norm(value: str) -> str:
    """French number formats use narrow and non-breaking spaces: compare with plain ones."""
    return str(value).replace("\u202f", " ").replace("\xa0", " ")


def texts(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "success", "warning", "error", "info", "subheader")
             for e in getattr(at, kind)]
    parts += [str(m.label) + " " + str(m.value) for m in at.metric]
    return "\n".join(str(p) for p in parts)


def test_analyse_save_reopen_rename_delete(page):
    at = analyse(page(), FILES)
    shown = texts(at)
    assert "Fichier exploitable" in shown and "Lignes lues" in shown          # the validation report
    assert "31/12/2024, 31/12/2023" in shown                                  # N and N-1, as French writes them
    net = next(m for m in at.metric if m.label == "Résultat net")
    assert norm(net.value) == "64 475 €" and norm(net.delta).startswith("17 275 €")  # change vs N-1
    assert at.get("plotly_chart")

    at.text_input(key="fin_save_name").input("Mon bilan").run()
    at.button(key="fin_save").click().run()
    assert any("enregistrée" in s.value for s in at.success)
    user = get_user_by_email("demo.user@example.com")
    (saved,) = list_analyses(user)
    assert saved.name == "Mon bilan" and saved.years == "2024-12-31, 2023-12-31"

    fresh = page()                                                            # a new session: reopen it
    assert fresh.session_state["fin_saved_pick"] == saved.id
    fresh.button(key="fin_open").click().run()
    assert fresh.session_state["fin_meta"]["saved_id"] == saved.id
    assert any(m.label == "Résultat net" and norm(m.value) == "64 475 €" for m in fresh.metric)

    fresh.text_input(key="fin_rename").input("Bilan renommé").run()
    fresh.button(key="fin_rename_go").click().run()
    assert list_analyses(user)[0].name == "Bilan renommé"

    fresh.checkbox(key="fin_delete_sure").check().run()
    fresh.button(key="fin_delete_go").click().run()
    assert list_analyses(user) == [] and any("supprimée" in s.value for s in fresh.success)
    assert not fresh.exception


def test_other_views_render(page):
    at = analyse(page(), FILES[:1])
    for view in ("SIG", "Bilan fonctionnel", "Ratios", "Alertes", "Détails", "Export"):
        at.session_state["fin_view"] = view
        at.run()
        assert not at.exception, (view, at.exception)
    at.session_state["fin_view"] = "Ratios"
    at.run()
    assert at.dataframe and "Comprendre un ratio" in [s.label for s in at.selectbox]


def test_broken_file_is_explained_and_not_analysed(page):
    lines = FILES[0][1].decode().split("\r\n")
    fields = lines[5].split("\t")
    fields[11] = "12O,00"                                                     # a letter O in the Debit
    lines[5] = "\t".join(fields)
    at = analyse(page(), [("999999999FEC20241231.txt", "\r\n".join(lines).encode())])
    errors = "\n".join(e.value for e in at.error)
    assert "Fichier inexploitable" in errors and "Ligne 6" in errors and "12O,00" in errors
    assert not at.session_state["fin_years"] if "fin_years" in at.session_state else True
    assert not [b for b in at.button if b.key == "fin_save"]


def test_manual_entry(page):
    at = page()
    year = ManualYear(date(2024, 12, 31), {"210": 500000, "234": 300000, "242": 80000, "250": 60000,
                                           "252": 25000, "120": 10000, "080": 40000, "068": 30000,
                                           "166": 20000})
    frame = manual_frame("fr", [year])
    at.session_state["fin_manual_frame"] = frame[~frame["total"]].drop(columns=["total"]).reset_index(drop=True)
    at.run()
    at.button(key="fin_manual_go").click().run()
    assert not at.exception, at.exception
    years = at.session_state["fin_years"]
    assert years[0].kind == "manual" and float(years[0].sig["ebe"]) == 35000
    assert any("Saisie 2033" in c.value for c in at.caption)


def test_template_import_and_bad_template(page):
    from finance.template import build_template

    filled = build_template("fr", [ManualYear(date(2024, 12, 31), {"210": 100000, "234": 60000})])
    at = page()
    at.session_state["fin_pending_template"] = filled
    at.run()
    assert at.session_state["fin_years"][0].sig["marge_commerciale"] == 40000
    at.session_state["fin_pending_template"] = b"not a workbook"
    at.run()
    assert any("classeur Excel" in e.value for e in at.error)


def test_unconfirmed_user_cannot_save(page, db):
    at = page()
    db.execute("UPDATE users SET confirmed_at = NULL WHERE email = 'demo.user@example.com'")
    at = analyse(at, FILES[:1])
    assert any("Confirmez d'abord" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "fin_save"]


def test_a_second_user_does_not_see_the_first_users_analyses(page):
    at = analyse(page(), FILES[:1])
    at.button(key="fin_save").click().run()
    assert len(list_analyses(get_user_by_email("demo.user@example.com"))) == 1
    other = page("staff")
    assert any("Aucune analyse enregistrée" in i.value for i in other.info)
    assert "fin_saved_pick" not in other.session_state


def test_english_and_switching_language_keeps_the_page_working(page):
    at = analyse(page(), FILES)
    at.session_state["fin_view"] = "Bilan fonctionnel"
    at.run()
    at.selectbox(key="_lang_select").select("en").run()
    assert not at.exception, at.exception
    assert at.get("plotly_chart")
    assert "FEC import" in [t.label for t in at.tabs]
