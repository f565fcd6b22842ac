"""Streamlit's and plotly's own texts in the user's language: the one place pages go through.

    plotly_chart(fig, key=...)                    # axes, hover dates, numbers, mode bar in the language
    file_uploader(label, key=..., max_mb=...)     # button and size limit in the language

Streamlit has no translation of its frontend: the file uploader's "Upload" and "200MB per file" are
replaced by our own texts with CSS (the element stays Streamlit's), and the limit shown is the one
the widget really enforces (`max_upload_size`, never above the server's `server.maxUploadSize`).
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import streamlit as st

from i18n.plotly import plotly_config
from ui.language import day, lang, number, t

_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def iso_days(text: str) -> str:
    """ISO dates inside a stored text ("2024-12-31, 2023-12-31") as the user's language writes them."""
    def local(match: re.Match) -> str:
        try:
            return day(date(*map(int, match.groups())))
        except ValueError:  # not a real date: leave it
            return match.group(0)
    return _ISO_DAY.sub(local, text)


def translate_chrome() -> None:
    """Streamlit's own texts outside any element (the keyboard "Skip to main content" link), replaced
    once the page is drawn; the script runs again when the language (and so this element) changes."""
    texts = {"stSkipToContent": t("core.chrome.skip_to_content")}
    st.html("<script>(() => {const texts = " + json.dumps(texts) + ";"
            " for (const [id, text] of Object.entries(texts)) {"
            " const e = document.querySelector(`[data-testid='${id}']`); if (e) e.textContent = text; }})()</script>",
            unsafe_allow_javascript=True)


def plotly_chart(fig: Any, *, key: str, config: dict | None = None, **kwargs: Any) -> Any:
    config = {"displaylogo": False, **(config or {})}
    return st.plotly_chart(fig, key=key, config=plotly_config(lang(), **config),
                           width=kwargs.pop("width", "stretch"), **kwargs)


def upload_limit_mb(max_mb: int | None = None) -> int:
    """What an uploader accepts: its own limit, never above the server's."""
    server = int(st.get_option("server.maxUploadSize"))
    return min(max_mb, server) if max_mb else server


def file_uploader(label: str, *, key: str, type: Sequence[str] | None = None, max_mb: int | None = None,
                  **kwargs: Any) -> Any:
    limit = upload_limit_mb(max_mb)
    types = " • " + ", ".join(x.upper() for x in type) if type else ""
    _uploader_texts(key, t("core.upload.button"), t("core.upload.limit", size=number(limit)) + types)
    return st.file_uploader(label, key=key, type=type, max_upload_size=limit, **kwargs)


def _css_string(text: str) -> str:
    """A CSS string literal: anything but plain printable ASCII as a 6-digit escape (\\0000e9)."""
    return '"' + "".join(c if " " <= c <= "~" and c not in '"\\<>' else f"\\{ord(c):06x}" for c in text) + '"'


def _uploader_texts(key: str, button: str, hint: str) -> None:
    """Our texts in place of Streamlit's, for the uploader with this key (its class st-key-<key>)."""
    scope = f".st-key-{key}"
    button_box = f'{scope} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]'
    hint_box = f'{scope} [data-testid="stFileUploaderDropzoneInstructions"] > div'
    st.html(f"""<style>
{button_box} > p, {hint_box} > span {{ display: none; }}
{button_box}::after {{ content: {_css_string(button)}; }}
{hint_box}::after {{ content: {_css_string(hint)}; font-size: 0.875rem; }}
</style>""")
