"""Translations for pages: the session's language, chosen once and switchable in the sidebar."""
from __future__ import annotations

import streamlit as st

import i18n
from ui import context
from ui.markdown import escape


def lang() -> str:
    if "lang" not in st.session_state:
        st.session_state["lang"] = i18n.normalise_lang(context.browser_locale())
    return st.session_state["lang"]


def t(key: str, /, **values: object) -> str:
    return i18n.t(key, lang(), **values)


def money(value: float | None, decimals: int = 2) -> str:
    return i18n.format_money(value, lang(), decimals)


def number(value: float | None, decimals: int = 0) -> str:
    return i18n.format_number(value, lang(), decimals)


def percent(value: float | None, decimals: int = 1) -> str:
    return i18n.format_percent(value, lang(), decimals)


def day(value) -> str:
    """31/12/2018: a day in digits."""
    return i18n.format_day(value, lang())


def date(value, with_time: bool = False) -> str:
    return i18n.format_date(value, lang(), with_time)


def show_error(exc: Exception) -> None:
    """Show a ValidationError-like exception (with .key and .values) translated."""
    key = getattr(exc, "key", "core.error.generic")
    values = getattr(exc, "values", {})  # may quote what the person typed: shown literally
    st.error(t(key, **{name: escape(v) if isinstance(v, str) else v for name, v in values.items()}))
