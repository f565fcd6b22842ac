"""The router: who is asking -> which pages exist. Run by Streamlit on every rerun.

It lives in ui/, away from the pages/ folder: with a pages/ folder beside the main script,
Streamlit's legacy multipage mode would run pages/<name>.py directly after a restart, skipping
these checks. Each page re-checks the role too.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Streamlit puts this script's folder (ui/) on sys.path, not the project root the packages live in.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from ui import shell  # noqa: E402
from ui.language import t

PAGES_DIR = ROOT / "pages"

# (file, role needed or None for everyone, icon). Order = menu order within a section.
PAGES: dict[str, list[tuple[str, str | None, str]]] = {
    "core.section.general": [("home", None, ":material/home:"), ("contact", None, ":material/mail:"),
                             ("privacy_centre", None, ":material/shield_person:")],
    "core.section.visitor": [("login", "anonymous", ":material/login:"),
                             ("register", "anonymous", ":material/person_add:"),
                             ("reset_password", "anonymous", ":material/key:")],
    "core.section.analysis": [("analysis", "user", ":material/query_stats:"),
                              ("forecast", "user", ":material/trending_up:"),
                              ("market", "user", ":material/groups:"),
                              ("account", "user", ":material/account_circle:")],
    "core.section.staff": [("audience", "staff", ":material/monitoring:"),
                           ("audience_sites", "staff", ":material/language:"),
                           ("contact_inbox", "staff", ":material/inbox:"),
                           ("breach_register", "staff", ":material/report:")],
    "core.section.dpo": [("privacy_desk", "dpo", ":material/gavel:"),
                         ("retention_report", "dpo", ":material/auto_delete:"),
                         ("consent_log", "dpo", ":material/fact_check:")],
    "core.section.admin": [("admin_users", "admin", ":material/manage_accounts:"),
                           ("admin_outbox", "admin", ":material/outbox:")],
}


def allowed(role: str | None, user) -> bool:
    if role is None:
        return True
    if role == "anonymous":
        return user is None
    return user is not None and user.has(role)


def build_pages(user, t) -> dict[str, list[st.Page]]:
    """The pages this user may open; the others are not registered at all."""
    out: dict[str, list[st.Page]] = {}
    for section, entries in PAGES.items():
        pages = [st.Page(PAGES_DIR / f"{name}.py", title=t(f"core.page.{name}"), icon=icon,
                         url_path=name, default=name == "home")
                 for name, role, icon in entries if allowed(role, user)]
        if pages:
            out[t(section)] = pages
    return out


def main() -> None:
    st.set_page_config(page_title="Pilote PME", page_icon=":material/insights:", layout="wide")
    user = shell.start_run()
    page = st.navigation(build_pages(user, t), expanded=True)
    shell.sidebar(user)
    shell.record_view(page.url_path or "home")
    page.run()


if __name__ == "__main__":  # Streamlit runs this file as __main__; tests import PAGES without running it
    main()
