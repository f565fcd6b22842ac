"""`python -m audience sites add|list|remove` and `import-log -` with the app stopped (this process owns
the database): the staff page's functions, their checks and messages."""
from __future__ import annotations

import gzip
import io
import types

import pytest

from audience import cli, sites
from tests.unit.audience.log_fixtures import CASES, render


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setenv("APP_DEFAULT_LANG", "en")
    from config.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_sites_add_list_remove_with_the_staff_pages_checks(db, english, capsys):
    assert cli.main(["sites", "add", "blog", "--host", "blog.shop.fr", "https://www.blog.fr/"]) == 0
    assert "blog" in capsys.readouterr().out
    assert cli.main(["sites", "list"]) == 0
    assert capsys.readouterr().out.split() == ["blog", "blog.shop.fr", "www.blog.fr"]
    assert sites.hosts_by_site()["blog"] == frozenset({"blog.shop.fr", "www.blog.fr"})
    from i18n import t

    for argv, key in ((["sites", "add", "blog", "--host", "x.fr"], "audience.sites.exists"),
                      (["sites", "add", "Bad Name!", "--host", "x.fr"], "audience.sites.bad_name"),
                      (["sites", "add", "other", "--host", "not a host"], "audience.sites.bad_host"),
                      (["sites", "remove", "nope"], "audience.sites.unknown")):
        assert cli.main(argv) == 1
        assert capsys.readouterr().err.strip() == "error: " + t(key, "en")
    assert cli.main(["sites", "remove", "blog"]) == 0
    assert capsys.readouterr().out.strip() == t("audience.sites.deleted", "en")
    assert cli.main(["sites", "list"]) == 0 and capsys.readouterr().out == ""


def test_import_log_reads_standard_input_plain_or_compressed(db, site, monkeypatch, capsys):
    text = render(CASES[1]).encode()
    for data in (text, gzip.compress(text)):
        monkeypatch.setattr(cli.sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(data)))
        assert cli.main(["import-log", "-", "--site", site]) == 0
    out = capsys.readouterr()
    assert "format: combined" in out.err
    assert out.out.count("lines read:     5") == 2 and "already_imported  5" in out.out


def test_import_log_detects_by_host_and_refuses_clearly(db, site, tmp_path, capsys):
    vhost = tmp_path / "vhost.log"
    vhost.write_text(render(CASES[2]))
    assert cli.main(["import-log", str(vhost)]) == 0  # no --site: the virtual hosts choose
    assert "format: vhost_combined" in capsys.readouterr().err
    plain = tmp_path / "a.log"
    plain.write_text(render(CASES[1]))
    assert cli.main(["import-log", str(plain)]) == 1
    assert "names no virtual host" in capsys.readouterr().err
    unknown = tmp_path / "b.log"
    unknown.write_text("203.0.113.77 hello\n")
    assert cli.main(["import-log", str(unknown), "--site", site]) == 1
    err = capsys.readouterr().err
    assert "not recognised" in err and "203.0.0.0 hello" in err and "203.0.113.77" not in err
    assert cli.main(["import-log", str(plain), "--site", site, "--format", "%h %l"]) == 1
    assert "invalid --format" in capsys.readouterr().err
