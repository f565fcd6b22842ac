"""Which pages exist and who may open them: plain data, imported by the router and, at start-up,
outside any script run, by the server's middleware that sends a URL naming no page to our own
"page not found" page (web/pages.py)."""
from __future__ import annotations

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


NOT_FOUND = "page_not_found"  # where app.py sends URLs that name no page (Streamlit's box is English)


def page_names() -> set[str]:
    """Every url_path the navigation knows."""
    return {name for entries in PAGES.values() for name, _, _ in entries} | {NOT_FOUND}
