"""Configured sites: staff-only management, host validation, the snippet."""
import uuid

import pytest

from accounts import PermissionDenied, User
from audience import sites


def user(*roles: str, disabled: bool = False) -> User:
    return User(id=str(uuid.uuid4()), email="s@example.fr", first_name="S", last_name="T", company="", siren="",
                roles=roles, language="fr", confirmed=True, disabled=disabled)


STAFF = user("staff")


@pytest.mark.parametrize("actor", [None, user("user"), user("dpo"), user("staff", disabled=True)])
def test_only_staff_manage_sites(db, actor):
    for call in (lambda: sites.list_sites(actor), lambda: sites.add_site(actor, "blog", ["blog.fr"]),
                 lambda: sites.update_hosts(actor, "blog", ["blog.fr"]), lambda: sites.delete_site(actor, "blog")):
        with pytest.raises(PermissionDenied):
            call()


def test_add_update_delete(db):
    site = sites.add_site(STAFF, "Blog", ["https://www.blog.fr/", "blog.fr", "BLOG.fr", "localhost:8080"])
    assert site == sites.Site("blog", ("www.blog.fr", "blog.fr", "localhost:8080"))
    assert sites.list_sites(STAFF) == [site]
    assert sites.hosts_by_site()["blog"] == frozenset(site.hosts)
    sites.update_hosts(STAFF, "blog", ["news.blog.fr"])
    assert sites.hosts_by_site()["blog"] == frozenset({"news.blog.fr"})
    sites.delete_site(STAFF, "blog")
    assert "blog" not in sites.hosts_by_site() and sites.list_sites(STAFF) == []
    assert "app" in sites.hosts_by_site()   # the app itself is always a site


@pytest.mark.parametrize(("name", "hosts", "key"), [
    ("", ["a.fr"], "audience.sites.bad_name"),
    ("app", ["a.fr"], "audience.sites.bad_name"),
    ("<script>", ["a.fr"], "audience.sites.bad_name"),
    ("ok", [], "audience.sites.no_host"),
    ("ok", ["  "], "audience.sites.no_host"),
    ("ok", ["exa mple.fr"], "audience.sites.bad_host"),
    ("ok", ["<b>.fr"], "audience.sites.bad_host"),
    ("ok", ["a.fr/path"], "audience.sites.bad_host"),
])
def test_invalid_input(db, name, hosts, key):
    with pytest.raises(sites.SiteError) as err:
        sites.add_site(STAFF, name, hosts)
    assert err.value.key == key


def test_duplicate(db):
    sites.add_site(STAFF, "blog", ["blog.fr"])
    with pytest.raises(sites.SiteError, match="exists"):
        sites.add_site(STAFF, "blog", ["blog.fr"])


def test_snippet_is_small_cookieless_and_honours_gpc(db):
    text = sites.snippet(sites.Site("blog", ("blog.fr",)), "https://stats.example.fr/")
    assert len(text.encode()) < 1024
    assert "https://stats.example.fr/api/collect" in text and '"blog"' in text
    assert "sendBeacon" in text and "globalPrivacyControl" in text and "doNotTrack" in text
    assert "cookie" not in text.lower()
