"""The HTTP side of page names: a URL that names no page goes to our own "page not found" page."""
from __future__ import annotations

from collections.abc import Callable

from starlette.responses import RedirectResponse

from ui.page_list import NOT_FOUND, page_names


class UnknownPageRedirect:
    """`GET /<name>` where no page has that name would run the home page under Streamlit's English
    "Page not found" box: send the browser to our own page, in the visitor's language, instead.
    Paths with a dot or a slash (assets, /api/..., /_stcore/...) are not page names."""

    def __init__(self, app, base_path: Callable[[], str]) -> None:
        self.app = app
        self.pages = page_names()
        self.base_path = base_path  # Streamlit's server.baseUrlPath, read at each request (app.py)

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
