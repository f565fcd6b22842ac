"""The study's tables, in the user's language, for the page, the Excel workbook and the PDF alike."""
from __future__ import annotations

from dataclasses import dataclass

import i18n
from market import naf
from market.competition import Competition
from market.sizing import worst
from market.study import Result

HEADCOUNT_LABELS = {"NN": None, "00": "0", "01": "1–2", "02": "3–5", "03": "6–9", "11": "10–19", "12": "20–49",
                    "21": "50–99", "22": "100–199", "31": "200–249", "32": "250–499", "41": "500–999",
                    "42": "1 000–1 999", "51": "2 000–4 999", "52": "5 000–9 999", "53": "10 000+"}


@dataclass(frozen=True)
class Table:
    key: str                      # catalogue key of the title (market.table.<key>)
    columns: list[str]
    rows: list[list]
    kinds: list[str]              # per column: text | number | money | pct | decimal


def headcount_label(band: str, lang: str) -> str:
    label = HEADCOUNT_LABELS.get(band)
    return i18n.t("market.headcount.unknown", lang) if label is None else i18n.t("market.headcount.band", lang,
                                                                                     band=label)


def verdict_text(verdict: str | None, lang: str) -> str:
    return i18n.t(f"market.verdict.{verdict or 'none'}", lang)


def _t(key: str, lang: str, **values) -> str:
    return i18n.t(key, lang, **values)


def summary(result: Result, lang: str) -> Table:
    c = result.competition
    codes = ", ".join(f"{code} {naf.label(code, c.nomenclature)}".strip() for code in c.codes)
    rows = [
        [_t("market.summary.activity", lang), codes],
        [_t("market.summary.nomenclature", lang), _t(f"market.nomenclature.{c.nomenclature}", lang)],
        [_t("market.summary.area", lang), c.area.label],
        [_t("market.summary.population", lang), c.area.population],
        [_t("market.summary.competitors", lang), c.active],
        [_t("market.summary.density", lang), round(c.density, 2)],
        [_t("market.summary.departement_density", lang),
         None if c.departement_density is None else round(c.departement_density, 2)],
        [_t("market.summary.national_density", lang),
         None if c.national_density is None else round(c.national_density, 2)],
        [_t("market.summary.market", lang, basis=_t(f"market.basis.{result.study.basis}", lang)),
         round(result.market)],
        [_t("market.summary.share", lang), i18n.format_percent(result.share, lang, 2)],
        [_t("market.summary.reachable", lang), round(result.reachable)],
        [_t("market.summary.verdict", lang), verdict_text(worst_verdict(result), lang)],
        [_t("market.summary.sources", lang), " ; ".join(result.dataset_labels)],
    ]
    return Table("summary", [_t("market.table.item", lang), _t("market.table.value", lang)], rows, ["text", "mixed"])


def worst_verdict(result: Result) -> str | None:
    return worst(result.checks)


def assumptions(result: Result, lang: str) -> Table:
    rows = []
    for key, value in result.values.items():
        source = result.sources[key]
        rows.append([_t(f"market.assumption.{key}", lang), value, _t(f"market.assumption.{key}.help", lang),
                     _t(source, lang) if source.startswith("market.") else source])
    return Table("assumptions", [_t("market.table.assumption", lang), _t("market.table.value", lang),
                                 _t("market.table.explanation", lang), _t("market.table.source", lang)],
                 rows, ["text", "decimal", "text", "text"])


def markets(result: Result, lang: str) -> Table:
    rows = [[_t(f"market.basis.{b}", lang), round(v)] for b, v in result.markets.items()]
    return Table("markets", [_t("market.table.method", lang), _t("market.table.market", lang)], rows,
                 ["text", "money"])


def forecast_check(result: Result, lang: str) -> Table:
    rows = [[c.year, c.revenue, c.implied_share, c.ratio, verdict_text(c.verdict, lang)] for c in result.checks]
    return Table("forecast", [_t("market.table.year", lang), _t("market.table.revenue", lang),
                              _t("market.table.implied_share", lang), _t("market.table.ratio", lang),
                              _t("market.table.verdict", lang)], rows, ["number", "money", "pct", "decimal", "text"])


def headcount(found: Competition, lang: str) -> Table:
    order = list(HEADCOUNT_LABELS)
    items = sorted(found.headcount.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    return Table("headcount", [_t("market.table.band", lang), _t("market.table.count", lang)],
                 [[headcount_label(b, lang), n] for b, n in items], ["text", "number"])


def dynamics(found: Competition, lang: str) -> Table:
    return Table("dynamics", [_t("market.table.year", lang), _t("market.table.creations", lang),
                              _t("market.table.closures", lang)],
                 [list(row) for row in found.dynamics], ["number", "number", "number"])


def competitors(found: Competition, lang: str) -> Table:
    frame = found.establishments
    rows = [[r.siret, r.name or "", r.commune, headcount_label(r.headcount or "NN", lang),
             r.created.isoformat() if hasattr(r.created, "isoformat") else (str(r.created) if r.created else ""),
             None if r.lat != r.lat else r.lat, None if r.lon != r.lon else r.lon,
             None if r.geo_precision != r.geo_precision else r.geo_precision]
            for r in frame.itertuples()]
    return Table("competitors", ["SIRET", _t("market.table.name", lang), _t("market.table.commune", lang),
                                 _t("market.table.band", lang), _t("market.table.created", lang), "latitude",
                                 "longitude", _t("market.table.precision", lang)],
                 rows, ["text", "text", "text", "text", "text", "decimal", "decimal", "number"])


def all_tables(result: Result, lang: str) -> list[Table]:
    return [summary(result, lang), assumptions(result, lang), markets(result, lang), forecast_check(result, lang),
            headcount(result.competition, lang), dynamics(result.competition, lang),
            competitors(result.competition, lang)]
