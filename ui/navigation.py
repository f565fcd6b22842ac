"""The router: who is asking -> which pages exist. Run by Streamlit on every rerun.

It lives in ui/, away from the pages/ folder: with a pages/ folder beside the main script,
Streamlit's legacy multipage mode would run pages/<name>.py directly after a restart, skipping
these checks. Each page re-checks the role too.
"""
from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Streamlit puts this script's folder (ui/) on sys.path, not the project root the packages live in.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from ui import auth, shell  # noqa: E402
from ui.language import t  # noqa: E402
from ui.page_list import NOT_FOUND, PAGES  # noqa: E402 (tests import PAGES from here)
from ui.session import page_ref  # noqa: E402

PAGES_DIR = ROOT / "pages"


def allowed(role: str | None, user) -> bool:
    if role is None:
        return True
    if role == "anonymous":
        return user is None
    return user is not None and user.has(role)


def build_pages(user, t) -> dict[str, list[st.Page]]:
    """Every page exists for everyone, so that a shared link never meets Streamlit's "Page not found":
    the pages this user may open in the menu, the others hidden behind a gate that runs instead of
    them (the page itself never runs, and the gate's title says nothing of it)."""
    out: dict[str, list[st.Page]] = {}
    hidden: list[st.Page] = []
    for section, entries in PAGES.items():
        pages = []
        for name, role, icon in entries:
            if allowed(role, user):
                pages.append(st.Page(PAGES_DIR / f"{name}.py", title=t(f"core.page.{name}"), icon=icon,
                                     url_path=name, default=name == "home"))
            else:
                title = t(f"core.page.{name}") if role == "anonymous" else t("core.page.restricted")
                hidden.append(st.Page(partial(gate, name, role, user), title=title, url_path=name,
                                      visibility="hidden"))
        if pages:
            out[t(section)] = pages
    hidden.append(st.Page(not_found, title=t("core.page.missing"), url_path=NOT_FOUND, visibility="hidden"))
    out[t(next(iter(PAGES)))] += hidden  # hidden pages appear in no menu, whatever their section
    return out


def not_found() -> None:
    st.title(t("core.page.missing"))
    st.info(t("core.page.missing_help"))
    st.page_link(page_ref("home"), label=t("core.page.home"), icon=":material/home:")


def gate(name: str, role: str | None, user) -> None:
    """A page this visitor may not open: anonymous visitors go to the login page, which brings them
    back here (query string included); a logged-in user is told, in their language, and no more."""
    if role == "anonymous":  # login, sign-up, reset: the visitor is logged in already
        st.success(t("core.login.already"))
        return
    if user is None:
        target = auth.login_url(name, {k: st.query_params.get_all(k) for k in st.query_params})
        st.switch_page(page_ref("login"), query_params={auth.NEXT_PARAM: target})
    st.title(t("core.page.restricted"))
    st.warning(t("core.page.not_allowed"))


def main() -> None:
    st.set_page_config(page_title="Pilote PME", page_icon=":material/insights:", layout="wide")
    user = shell.start_run()
    page = st.navigation(build_pages(user, t), expanded=True)
    shell.sidebar(user)
    shell.record_view(page.url_path or "home")
    page.run()


if __name__ == "__main__":  # Streamlit runs this file as __main__; tests import PAGES without running it
    main()
