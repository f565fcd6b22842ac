"""The staff page 'Audience sites': add a site and get its snippet, refused input, a log upload with
its progress and summary; a plain user does not get the page."""
from __future__ import annotations

import gzip

import pytest

from tests.unit.audience.test_app_import import log_lines

PAGE = "../pages/audience_sites.py"


def open_page(make_app):
    at = make_app("staff")
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def add_site(at, name: str, hosts: str):
    at.text_input[0].input(name)
    at.text_area[-1].input(hosts)
    at.button(key="FormSubmitter:add_site-Ajouter un site").click().run()
    assert not at.exception, at.exception
    return at


def site_names(db) -> list[str]:
    return [name for (name,) in db.query("SELECT name FROM audience_sites ORDER BY name")]


def test_staff_adds_a_site_and_gets_its_snippet(db, make_app):
    at = add_site(open_page(make_app), "blog", "www.blog.fr\nblog.fr")
    assert site_names(db) == ["blog"]
    assert db.query_one("SELECT hosts FROM audience_sites WHERE name = 'blog'") == (["www.blog.fr", "blog.fr"],)
    snippet = " ".join(c.value for c in at.code)
    assert '"blog"' in snippet and "sendBeacon" in snippet and "/api/collect" in snippet
    assert any("250 Mo" in c.value and "import-log" in c.value for c in at.caption)


@pytest.mark.parametrize(("name", "hosts", "error"), [
    ("Blog!", "www.blog.fr", "Nom invalide"),
    ("app", "www.blog.fr", "Nom invalide"),
    ("blog", "https://www.blog.fr/page", "Nom d'hôte invalide"),
])
def test_bad_input_is_refused_with_a_message(db, make_app, name, hosts, error):
    at = add_site(open_page(make_app), name, hosts)
    assert any(error in e.value for e in at.error)
    assert site_names(db) == []


def upload_a_log(make_app, name: str = "access.log", content: bytes | None = None):
    """Staff add the site 'shop', choose a log file and click 'Importer'."""
    at = add_site(open_page(make_app), "shop", "www.shop.fr")
    at.file_uploader[0].set_value((name, log_lines() if content is None else content, "application/octet-stream"))
    at.run()
    next(button for button in at.button if button.label == "Importer").click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("packed", [False, True], ids=["plain", "gzip"])
def test_staff_uploads_a_log_and_reads_the_summary(db, make_app, packed):
    at = upload_a_log(make_app, *(("access.log.1.gz", gzip.compress(log_lines())) if packed else ()))
    assert any("6 lignes lues, 3 pages vues enregistrées, 3 lignes écartées." in s.value for s in at.success)
    assert db.query_one("SELECT count(*) FROM audience.events WHERE site = 'shop'") == (3,)
    reasons = at.dataframe[0].value
    assert sorted(reasons.iloc[:, 0]) == ["Fichier statique (image, CSS, JS…)", "Ligne illisible", "Robot"]


def test_a_failed_upload_says_so_and_stores_nothing(db, make_app, monkeypatch):
    from audience import logs

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(logs, "write_events", broken)
    at = upload_a_log(make_app)
    assert any("L'import a échoué : rien n'a été enregistré." in e.value for e in at.error)
    assert db.query_one("SELECT count(*) FROM audience.events") == (0,)


def test_a_plain_user_is_refused(db, make_app):
    at = make_app("user")
    with pytest.raises(ValueError):  # the page is not even registered for this user
        at.switch_page(PAGE)


def test_staff_upload_a_json_log_its_format_detected_and_an_unknown_one_refused(db, make_app):
    from tests.unit.audience.log_fixtures import CASES, render

    caddy = CASES[6]  # Caddy's JSON log
    at = upload_a_log(make_app, "caddy.json", render(caddy).encode())
    assert any("Format détecté : json" in c.value for c in at.caption)
    refused = upload_a_log(make_app, "notes.txt", b"203.0.113.77 bought bread\n")
    assert any("Format de journal non reconnu" in e.value and "203.0.0.0 bought bread" in e.value
               for e in refused.error)
    assert not any("203.0.113.77" in e.value for e in refused.error)
