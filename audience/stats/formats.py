"""How the dashboard writes each metric, on screen and in the exports alike (one set of formats)."""
from __future__ import annotations

import math

import i18n


def metric_text(metric: str, value: float | int | None, lang: str) -> str:
    """`value` of `metric` (a column of the dashboard's tables, or "change") in `lang`; "–" when absent."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if metric == "bounce_rate":
        return i18n.format_percent(value, lang)
    if metric == "change":
        return ("+" if value >= 0 else "") + i18n.format_percent(value, lang)
    if metric == "avg_duration":
        minutes, seconds = divmod(round(value), 60)
        return f"{minutes} min {seconds:02d} s"
    if metric == "views_per_visit":
        return i18n.format_number(value, lang, 2)
    return i18n.format_number(value, lang)
