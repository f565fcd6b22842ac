"""User text inside Markdown: st.success/info/warning/error/markdown/write/caption, expander and
button labels all render Markdown (bold, links, remote images, :material/...: icons, $LaTeX$), so
every value a person typed goes through `escape` before it reaches one of them. (st.text shows
text as it is, and needs nothing.)"""
from __future__ import annotations

_SPECIAL = frozenset("\\`*_{}[]()#+-.!<>|~:$=")


def escape(value: object) -> str:
    """`value` as text that Markdown shows literally: every Markdown character backslash-escaped."""
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in str(value))
