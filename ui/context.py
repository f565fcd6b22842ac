"""Reads of the browser request (headers, cookies, IP, locale), kept behind functions.

AppTest cannot seed st.context.headers/cookies (they are MagicMocks there), so tests
monkeypatch these functions instead.
"""
from __future__ import annotations

import streamlit as st


def header(name: str) -> str:
    try:
        value = st.context.headers.get(name)
    except Exception:  # no request context (bare script run)
        return ""
    return value if isinstance(value, str) else ""


def cookie(name: str) -> str:
    try:
        cookies = st.context.cookies.to_dict()
    except Exception:
        return ""
    value = cookies.get(name) if isinstance(cookies, dict) else None
    return value if isinstance(value, str) else ""


def client_ip() -> str | None:
    """The visitor's address: used only in memory by the audience pipeline, never stored."""
    try:
        ip = st.context.ip_address
    except Exception:
        return None
    return ip if isinstance(ip, str) else None


def browser_locale() -> str:
    try:
        value = st.context.locale
    except Exception:
        return ""
    return value if isinstance(value, str) else ""


def page_url() -> str:
    try:
        value = st.context.url
    except Exception:
        return ""
    return value if isinstance(value, str) else ""
