"""Streamlit's and plotly's own texts in the user's language: the one place pages go through.

    plotly_chart(fig, key=...)                    # axes, hover dates, numbers in full, mode bar
    file_uploader(label, key=..., max_mb=...)     # button, limit, drag hint, refused files
    translate_chrome()                            # once per run (ui.shell): the rest of the frame

Streamlit has no translation of its frontend: the file uploader's "Upload" and "200MB per file" are
replaced by our own texts with CSS (the element stays Streamlit's), and the limit shown is the one
the widget really enforces (`max_upload_size`, never above the server's `server.maxUploadSize`).
Every st.date_input passes format="DD/MM/YYYY" (tests/unit/i18n/test_locale.py checks it).
Not reachable: st.number_input writes its value with a dot (printf format, no locale); the forecast
form, where amounts are typed, uses text fields read by its model instead (ui/components/forecast_form.py).
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import streamlit as st

from i18n import _LOCALES
from i18n.plotly import plain_numbers, plotly_config
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


# Run in the page once drawn (our st.html element); __TEXTS__, __LABELS__, __LOCALE__ are JSON values.
_CHROME_SCRIPT = """<script>(() => {
  const texts = __TEXTS__, labels = __LABELS__, locale = __LOCALE__;
  for (const [id, text] of Object.entries(texts)) {
    const e = document.querySelector(`[data-testid='${id}']`); if (e) e.textContent = text;
  }
  Object.defineProperty(navigator, "language", {get: () => locale, configurable: true});
  Object.defineProperty(navigator, "languages", {get: () => [locale], configurable: true});
  const label = () => document.querySelectorAll("[aria-label]").forEach(e => {
    const english = e.getAttribute("aria-label"), head = english.split(", ")[0];
    if (labels[english]) e.setAttribute("aria-label", labels[english]);
    else if (labels[head] && english.startsWith(head + ", "))    // "Choose date, décembre 2026"
      e.setAttribute("aria-label", labels[head] + english.slice(head.length)); });
  label();
  if (window.piloteRunningWatch) window.piloteRunningWatch.disconnect();
  window.piloteRunningWatch = new MutationObserver(label);
  window.piloteRunningWatch.observe(document.body, {childList: true, subtree: true});
})()</script>"""


def translate_chrome() -> None:
    """Streamlit's own texts outside any element, in the language; the script runs again when the
    language (and so this element) changes.

    - the "Skip to main content" link is rewritten once the page is drawn;
    - the browser's language, which Streamlit's frontend reads at each redraw for the date picker's
      calendar (month and weekday names) and its "localized" numbers, becomes the app's language;
    - the running indicator's Stop button and the calendar's hidden help texts get ours with CSS;
      screen-reader labels ("Running...", "Choose date", "Previous month") are attributes, which CSS
      cannot touch: a watcher rewrites them each time Streamlit draws them (React writes an attribute
      again only when its value changes)."""
    values = {"__TEXTS__": {"stSkipToContent": t("core.chrome.skip_to_content")},
              "__LABELS__": {"Running...": t("core.chrome.running"), "Choose date": t("core.chrome.choose_date"),
                             "Choose date range": t("core.chrome.choose_date"),
                             "Previous month": t("core.chrome.previous_month"),
                             "Next month": t("core.chrome.next_month")},
              "__LOCALE__": _LOCALES[lang()].replace("_", "-")}
    script = _CHROME_SCRIPT
    for name, value in values.items():
        script = script.replace(name, json.dumps(value))
    st.html(script, unsafe_allow_javascript=True)
    stop = '[data-testid="stStatusWidget"] button'
    calendar = '[data-testid="stDateInputCalendar"]'
    help = f'{calendar} > [id$="-calendar-desc"]'
    st.html(f"""<style>
{stop} {{ font-size: 0; visibility: hidden; }}
{stop}::after {{ content: {_css_string(t("core.chrome.stop"))}; font-size: 0.875rem; visibility: visible; }}
{stop}:disabled::after {{ content: {_css_string(t("core.chrome.stopping"))}; }}
{help}, {calendar} h2 {{ font-size: 0; visibility: hidden; }}
{help}::after {{ content: {_css_string(t("core.chrome.calendar_help"))}; font-size: 0.875rem; visibility: visible; }}
</style>""")


def plotly_chart(fig: Any, *, key: str, config: dict | None = None, **kwargs: Any) -> Any:
    config = {"displaylogo": False, **(config or {})}
    return st.plotly_chart(plain_numbers(fig), key=key, config=plotly_config(lang(), **config),
                           width=kwargs.pop("width", "stretch"), **kwargs)


def upload_limit_mb(max_mb: int | None = None) -> int:
    """What an uploader accepts: its own limit, never above the server's."""
    server = int(st.get_option("server.maxUploadSize"))
    return min(max_mb, server) if max_mb else server


def file_uploader(label: str, *, key: str, type: Sequence[str] | None = None, max_mb: int | None = None,
                  **kwargs: Any) -> Any:
    limit = upload_limit_mb(max_mb)
    types = " • " + ", ".join(x.upper() for x in type) if type else ""
    hint = t("core.upload.limit", size=number(limit)) + types
    _uploader_texts(key, t("core.upload.button"), hint, t("core.upload.drop"), t("core.upload.rejected", rules=hint))
    return st.file_uploader(label, key=key, type=type, max_upload_size=limit, **kwargs)


def _css_string(text: str) -> str:
    """A CSS string literal: anything but plain printable ASCII as an escape ending in a space (\\e9 ),
    the space being part of the escape, so that a space after it in the text is kept."""
    return '"' + "".join(c if " " <= c <= "~" and c not in '"\\<>' else f"\\{ord(c):x} " for c in text) + '"'


def _uploader_texts(key: str, button: str, hint: str, drop: str, rejected: str) -> None:
    """Our texts in place of Streamlit's, for the uploader with this key (its class st-key-<key>).

    A file chip (one per chosen file) shows its size in English ("1.2MB"): hidden, since CSS cannot
    rewrite a number. A refused chip (wrong type, too large) shows our `rejected` rule in that place,
    and the hover tooltip carries it too, instead of "File must be … or smaller" / "… files are not
    allowed" (the same text for both: CSS cannot tell them apart, and ours states both rules)."""
    scope = f".st-key-{key}"
    button_box = f'{scope} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]'
    hint_box = f'{scope} [data-testid="stFileUploaderDropzoneInstructions"] > div'
    drag_box = f'{scope} [data-testid="stFileUploaderDropzone"] > div:not([data-testid]):not(:has(button))'
    size = f'{scope} [data-testid="stFileChip"] [data-testid="stFileChipName"] + div'
    refused = f'{scope} [data-testid="stFileChip"][aria-invalid="true"]'
    tooltip = f'body:has({refused}) [data-testid="stTooltipErrorContent"]'
    st.html(f"""<style>
{button_box} > p, {hint_box} > span, {drag_box} > *, {refused} > [role="alert"] {{ display: none; }}
{button_box}::after {{ content: {_css_string(button)}; }}
{hint_box}::after {{ content: {_css_string(hint)}; font-size: 0.875rem; }}
{drag_box}::after {{ content: {_css_string(drop)}; }}
{refused} [data-testid="stFileChipName"] + div::after {{ content: {_css_string(rejected)}; font-size: 0.75rem;
    visibility: visible; }}
{size}, {tooltip} {{ font-size: 0; visibility: hidden; }}
{tooltip}::after {{ content: {_css_string(rejected)}; font-size: 0.875rem; visibility: visible; }}
</style>""")
