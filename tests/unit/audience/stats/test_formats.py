"""One set of formats for the dashboard's metrics: the page and the PNG/PDF exports write the same."""
from __future__ import annotations

from audience.stats.formats import metric_text


def test_each_metric_is_written_the_same_way_in_both_languages():
    assert metric_text("visitors", 12345, "fr") == "12\u202f345"   # narrow no-break space
    assert metric_text("visitors", 12345, "en") == "12,345"
    assert metric_text("avg_duration", 125.4, "en") == "2 min 05 s"
    assert metric_text("views_per_visit", 2.5, "en") == "2.50"
    assert metric_text("bounce_rate", 0.25, "en") == "25.0 %"
    assert (metric_text("change", 0.1, "en"), metric_text("change", -0.1, "en")) == ("+10.0 %", "-10.0 %")
    assert metric_text("visits", None, "fr") == metric_text("visits", float("nan"), "fr") == "–"
