"""The locale glue: plotly's locale from Babel, days in digits, ISO dates in stored texts."""
from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

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
    assert escaped == '"T\\e9 l\\e9 verser \\22 x\\22  \\3c /style\\3e "'
    assert _css_string("refusé : 2") == '"refus\\e9  : 2"'          # the space after é is kept


def test_chart_numbers_are_written_in_full_on_every_axis():
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from i18n.plotly import plain_numbers

    fig = make_subplots(rows=1, cols=2)
    fig.add_scatter(x=[1, 2], y=[27013.5, 1e6], row=1, col=1)
    fig.add_bar(x=["a"], y=[5], row=1, col=2)
    plain_numbers(fig)
    axes = [fig.layout.xaxis, fig.layout.xaxis2, fig.layout.yaxis, fig.layout.yaxis2]
    assert [a.exponentformat for a in axes] == ["none"] * 4          # no "27,0135k"
    pie = plain_numbers(go.Figure(go.Pie(values=[1, 2])))
    assert "xaxis" not in pie.to_plotly_json()["layout"]              # no empty axes drawn around a pie


def _date_inputs() -> list[tuple[str, dict]]:
    """Every st.date_input call of the app's pages and components, with its keyword arguments."""
    root = Path(__file__).resolve().parents[3]
    calls = []
    for path in [*root.glob("pages/*.py"), *root.glob("ui/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "date_input":
                calls.append((f"{path.name}:{node.lineno}", {k.arg: k.value for k in node.keywords}))
    return calls


def test_every_date_field_is_written_day_first():
    calls = _date_inputs()
    assert len(calls) >= 5                                             # the scan sees the app's fields
    wrong = [where for where, kw in calls
             if not (isinstance(kw.get("format"), ast.Constant) and kw["format"].value == "DD/MM/YYYY")]
    assert not wrong, wrong
