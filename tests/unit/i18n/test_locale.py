"""The locale glue: plotly's locale from Babel, days in digits, ISO dates in stored texts."""
from __future__ import annotations

from datetime import date

from i18n import format_day
from i18n.plotly import plotly_config, plotly_locale


def test_french_plotly_locale_writes_8_nov_and_french_numbers():
    fmt = plotly_locale("fr")["format"]
    assert fmt["shortMonths"][10] == "nov." and fmt["months"][0] == "janvier"
    assert fmt["shortDays"][0] == "dim." and fmt["days"][1] == "lundi"   # plotly counts from Sunday
    assert fmt["dayMonth"] == "%-d %b" and fmt["dayMonthYear"] == "%-d %b %Y" and fmt["date"] == "%d/%m/%Y"
    assert fmt["decimal"] == "," and fmt["thousands"] == "\u202f"
    assert plotly_locale("fr")["dictionary"]["Reset axes"] == "Réinitialiser les axes"


def test_english_plotly_locale_is_british_like_the_rest_of_the_app():
    fmt = plotly_locale("en")["format"]
    assert fmt["shortMonths"][11] == "Dec" and fmt["decimal"] == "." and fmt["thousands"] == ","
    assert plotly_locale("en")["dictionary"] == {}


def test_the_chart_config_carries_its_locale_and_keeps_other_keys():
    config = plotly_config("fr-FR", displaylogo=False)
    assert config["locale"] == "fr" and config["displaylogo"] is False
    assert config["locales"]["fr"] == plotly_locale("fr")


def test_days_in_digits():
    assert format_day(date(2018, 12, 31), "fr") == "31/12/2018"
    assert format_day(date(2018, 12, 31), "en") == "31/12/2018"
    assert format_day(None, "fr") == "–"


def test_iso_days_in_a_stored_text_are_localised(monkeypatch):
    import ui.locale

    monkeypatch.setattr(ui.locale, "day", lambda value: format_day(value, "fr"))
    assert ui.locale.iso_days("2024-12-31, 2023-12-31") == "31/12/2024, 31/12/2023"
    assert ui.locale.iso_days("2024-13-45 and text") == "2024-13-45 and text"   # not a date: left alone


def test_css_strings_cannot_break_out_of_the_rule():
    from ui.locale import _css_string

    escaped = _css_string('Téléverser "x" </style>')
    assert escaped == '"T\\0000e9l\\0000e9verser \\000022x\\000022 \\00003c/style\\00003e"'
