"""Which pages exist and who may open them (plain data, no UI module), and the HTTP middleware that
sends a URL naming no page to our own "page not found" page. It lives here, not beside the UI
modules, because the server imports it at start-up, outside any script run."""
from __future__ import annotations

from collections.abc import Callable

from starlette.responses import RedirectResponse

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


class UnknownPageRedirect:
    """`GET /<name>` where no page has that name would run the home page under Streamlit's English
    "Page not found" box: send the browser to our own page, in the visitor's language, instead.
    Paths with a dot or a slash (assets, /api/..., /_stcore/...) are not page names."""

    def __init__(self, app, base_path: Callable[[], str] | None = None) -> None:
        self.app = app
        self.pages = page_names()
        self.base_path = base_path or _streamlit_base_path

    async def __call__(self, scope, receive, send) -> None:
        if scope.get("type") == "http" and scope.get("method") == "GET":
            base = "/" + self.base_path().strip("/") if self.base_path().strip("/") else ""
            path = scope.get("path", "/")
            if path.startswith(base + "/"):
                name = path[len(base):].strip("/")
                if name and "/" not in name and "." not in name and not name.startswith("_") \
                        and name not in self.pages:
                    await RedirectResponse(f"{base}/{NOT_FOUND}", status_code=307)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def _streamlit_base_path() -> str:
    from streamlit import config

    return config.get_option("server.baseUrlPath") or ""
