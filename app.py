"""The launcher: the Streamlit UI plus HTTP routes, in one process that owns the database.

    streamlit run app.py          (or: make run)

The UI script is ui/navigation.py (kept away from pages/, see its docstring).
"""
from __future__ import annotations

import logging
import os
import sys
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import api
from privacy.gpc import GpcCookieMiddleware
from storage import DatabaseLockedError, get_db, reset_db
from web.pages import UnknownPageRedirect
from web.session import LoginCookieGuard

log = logging.getLogger("app")


@asynccontextmanager
async def lifespan(_app):
    try:
        get_db()  # open and migrate before the first request
    except DatabaseLockedError as exc:
        print(f"\n{exc}\n", file=sys.stderr, flush=True)
        os._exit(2)  # a clear message, not a stack trace; nothing was opened
    api.startup(int(st.get_option("server.port")), st.get_option("server.address"))
    try:
        yield {}
    finally:
        api.shutdown()
        reset_db()


async def health(_request: Request) -> Response:
    return JSONResponse(api.health())


def _base_path() -> str:
    return st.get_option("server.baseUrlPath") or ""


app = st.App("ui/navigation.py", lifespan=lifespan,
             routes=[Route("/api/health", health, methods=["GET"]), *api.routes()],
             # Sec-GPC reaches the UI as a cookie; unusable login cookies are deleted on page loads
             middleware=[Middleware(GpcCookieMiddleware), Middleware(LoginCookieGuard),
                         Middleware(UnknownPageRedirect, base_path=_base_path)])

if __name__ == "__main__":
    app.run()
