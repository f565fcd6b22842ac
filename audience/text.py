"""Visitors' text, checked at the edge: what cannot be stored as UTF-8 is refused, and
invisible controls are removed (NUL, C0 and C1 controls, bidirectional marks and overrides: they
hide or reverse what the staff read on the dashboard)."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

_CONTROLS = r"[\x00-\x1f\x7f-\x{9f}\x{200e}\x{200f}\x{202a}-\x{202e}\x{2066}-\x{2069}]"  # RE2 (Arrow)


def encodable(value: str | None) -> bool:
    """False for text UTF-8 cannot hold (a lone surrogate, which JSON's \\uXXXX escapes allow)."""
    try:
        (value or "").encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def without_controls(column: pa.ChunkedArray | pa.Array) -> pa.Array | pa.ChunkedArray:
    """The column's strings without invisible controls (a dictionary column: its dictionary only)."""
    if isinstance(column, pa.ChunkedArray):
        return pa.chunked_array([without_controls(chunk) for chunk in column.chunks], column.type)
    if pa.types.is_dictionary(column.type):
        return pa.DictionaryArray.from_arrays(column.indices, without_controls(column.dictionary))
    return pc.replace_substring_regex(column, _CONTROLS, "")
