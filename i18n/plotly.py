"""Plotly's locale for one of our languages, built offline from Babel's CLDR data.

plotly.js formats axis ticks and hover dates with a locale; Streamlit's bundle knows only English,
but a chart's config may carry its own definition (`config.locales`), so nothing is fetched:

    st.plotly_chart(fig, config={"locale": "fr", "locales": {"fr": plotly_locale("fr")}})

gives "8 nov." on a French axis, 31/12/2018 for full dates and 1 234,5 for numbers; `plain_numbers(fig)`
keeps plotly from abbreviating numbers with an English SI suffix ("27,0135k" becomes "27 013,5").
"""
from __future__ import annotations

from functools import cache
from typing import Any

from babel.dates import get_day_names, get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from i18n import _LOCALES, normalise_lang

# plotly.js's own English texts (mode bar, hints) in French; English needs none.
_DICTIONARY = {
    "fr": {
        "Autoscale": "Échelle automatique", "Box Select": "Sélection rectangulaire",
        "Lasso Select": "Sélection lasso", "Download plot as a png": "Télécharger le graphique en PNG",
        "Download plot": "Télécharger le graphique", "Pan": "Déplacer", "Reset axes": "Réinitialiser les axes",
        "Reset view": "Réinitialiser la vue", "Zoom": "Zoom", "Zoom in": "Zoom avant", "Zoom out": "Zoom arrière",
        "Toggle Spike Lines": "Afficher/masquer les lignes de repère",
        "Show closest data on hover": "Données les plus proches au survol",
        "Compare data on hover": "Comparer les données au survol",
        "Double-click to zoom back out": "Double-cliquez pour revenir au zoom initial",
        "Produced with Plotly.js": "Réalisé avec Plotly.js", "trace": "série",
        "Click to enter Plot title": "Cliquez pour saisir le titre du graphique",
        "Click to enter X axis title": "Cliquez pour saisir le titre de l'axe X",
        "Click to enter Y axis title": "Cliquez pour saisir le titre de l'axe Y",
    },
}


@cache
def plotly_locale(lang: str) -> dict:
    """{"format": ..., "dictionary": ...} as plotly.js's `config.locales[<name>]` expects."""
    lang = normalise_lang(lang)
    locale = _LOCALES[lang]
    months, short_months = get_month_names("wide", locale=locale), get_month_names("abbreviated", locale=locale)
    days, short_days = get_day_names("wide", locale=locale), get_day_names("abbreviated", locale=locale)
    sunday_first = (6, 0, 1, 2, 3, 4, 5)  # Babel counts from Monday, plotly from Sunday
    return {
        "dictionary": dict(_DICTIONARY.get(lang, {})),
        "format": {
            "days": [days[i] for i in sunday_first], "shortDays": [short_days[i] for i in sunday_first],
            "months": [months[i] for i in range(1, 13)], "shortMonths": [short_months[i] for i in range(1, 13)],
            "periods": ["AM", "PM"], "dateTime": "%d/%m/%Y %H:%M:%S", "date": "%d/%m/%Y", "time": "%H:%M:%S",
            "decimal": get_decimal_symbol(locale), "thousands": get_group_symbol(locale), "grouping": [3],
            "currency": ["", "\u00a0€"] if lang == "fr" else ["€", ""],
            "year": "%Y", "month": "%b %Y", "dayMonth": "%-d %b", "dayMonthYear": "%-d %b %Y",
        },
    }


def plain_numbers(fig: Any) -> Any:
    """The figure with every cartesian axis writing numbers in full, in the locale's separators, in ticks
    and hover labels alike: plotly's default SI suffixes (k, M, G) are English abbreviations."""
    if any("xaxis" in trace for trace in fig.data):   # maps and pies have no axis: add none
        fig.update_xaxes(exponentformat="none")
        fig.update_yaxes(exponentformat="none")
    return fig


def plotly_config(lang: str, **extra: object) -> dict:
    """A chart's config in `lang` (plus any other plotly config keys)."""
    lang = normalise_lang(lang)
    return {**extra, "locale": lang, "locales": {lang: plotly_locale(lang)}}
