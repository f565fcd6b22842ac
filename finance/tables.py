"""Labelled tables of an analysis (years side by side), shared by the page, the Excel and the PDF export."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from finance.analysis import YearAnalysis
from finance.mapping import AMORT_CODE
from finance.messages import text
from finance.ratios import RATIOS

SIG_ROWS = ("chiffre_affaires", "ventes_marchandises", "cout_achat_marchandises_vendues", "marge_commerciale",
            "production_vendue", "production", "consommations", "valeur_ajoutee", "subventions_exploitation",
            "impots_taxes", "charges_personnel", "ebe", "reprises_transferts", "autres_produits", "dotations",
            "autres_charges", "resultat_exploitation", "quotes_parts", "produits_financiers",
            "charges_financieres", "resultat_financier", "rcai", "produits_exceptionnels",
            "charges_exceptionnelles", "resultat_exceptionnel", "participation", "impot_societes", "resultat_net")
SIG_BOLD = {"marge_commerciale", "production", "valeur_ajoutee", "ebe", "resultat_exploitation", "rcai",
            "resultat_exceptionnel", "resultat_net"}
CAF_ROWS = ("ebe", "autres_produits_charges_encaissables", "financier_encaissable", "exceptionnel_encaissable",
            "participation_impot", "caf_soustractive", "resultat_net", "dotations_calculees", "reprises_calculees",
            "valeur_comptable_cessions", "produits_cessions_actif", "quote_part_subventions", "caf_additive")
BILAN_ROWS = ("capitaux_propres", "amortissements_depreciations", "provisions", "dettes_financieres",
              "ressources_stables", "emplois_stables", "frng", "stocks", "creances_exploitation",
              "dettes_exploitation", "bfr_exploitation", "creances_hors_exploitation", "dettes_hors_exploitation",
              "bfr_hors_exploitation", "bfr", "tresorerie_active", "tresorerie_passive", "tresorerie_nette")
BILAN_BOLD = {"ressources_stables", "emplois_stables", "frng", "bfr", "tresorerie_nette"}
HEADLINE_ROWS = ("chiffre_affaires", "marge_commerciale", "valeur_ajoutee", "ebe", "resultat_exploitation", "rcai",
                 "resultat_net", "caf", "frng", "bfr", "tresorerie_nette")


def _codes(spec: str) -> list[str]:
    return spec.split()


# Liasse layouts: codes in form order; a trailing * marks a total.
ACTIF_2050 = _codes("AA AB CX AF AH AJ AL AN AP AR AT AV AX CS CU BB BD BF BH BJ* "
                    "BL BN BP BR BT BV BX BZ CB CD CF CH CJ* CW CM CN CO*")
PASSIF_2051 = _codes("DA DB DC DD DE DF DG DH DI DJ DK DL* DM DN DO* DP DQ DR* "
                     "DS DT DU DV DW DX DY DZ EA EB EC* ED EE*")
CR_2052 = _codes("FC FF FI FL* FM FN FO FP FQ FR* FS FT FU FV FW FX FY FZ GA GB GC GD GE GF* GG* "
                 "GH GI GJ GK GL GM GN GO GP* GQ GR GS GT GU* GV* GW* HA HB HC HD* HE HF HG HH* HI* HJ HK HL* HM* HN*")
ACTIF_2033 = _codes("010 014 028 040 044* 050 060 064 068 072 080 084 092 096* 110*")
PASSIF_2033 = _codes("120 124 126 130 132 134 136 137 140 142* 154 156 164 166 172 174 176* 180*")
CR_2033 = _codes("210 214 218 222 224 226 230 232* 234 236 238 240 242 244 250 252 254 256 262 264* 270* "
                 "280 290 294 300 306 310*")
TOTAL_AMORT = {"BJ": "BK", "CJ": "CK", "CO": "1A", "044": "048", "096": "098", "110": "112"}


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    kinds: list[str]  # per column: text, money, number, pct, days, years, x
    bold: set[int] = field(default_factory=set)  # indexes of total rows
    sheet: str = ""  # short name for an Excel sheet (31 characters at most)

    def frame(self) -> Any:
        """The table as a pandas DataFrame (for st.dataframe)."""
        import pandas as pd
        return pd.DataFrame(self.rows, columns=self.columns)


def _years(years: list[YearAnalysis], lang: str) -> list[str]:
    return [y.display_label(lang) for y in years]


def _money_table(key: str, years: list[YearAnalysis], lang: str, rows: tuple[str, ...], getter: Any,
                 bold: set[str], prefix: str) -> Table:
    body = [[text(f"finance.{prefix}.{r}", lang)] + [float(getter(y).get(r, 0)) for y in years] for r in rows]
    return Table(key, text(f"finance.table.{key}", lang), [text("finance.table.item", lang)] + _years(years, lang),
                 body, ["text"] + ["money"] * len(years), {i for i, r in enumerate(rows) if r in bold},
                 text(f"finance.sheet.{key}", lang))


def headline_table(years: list[YearAnalysis], lang: str) -> Table:
    def get(y: YearAnalysis) -> dict[str, Any]:
        return {**y.sig, "caf": y.caf["caf"], **y.bilan}
    return _money_table("headline", years, lang, HEADLINE_ROWS, get, set(), "sig")


def sig_table(years: list[YearAnalysis], lang: str) -> Table:
    return _money_table("sig", years, lang, SIG_ROWS, lambda y: y.sig, SIG_BOLD, "sig")


def caf_table(years: list[YearAnalysis], lang: str) -> Table:
    return _money_table("caf", years, lang, CAF_ROWS, lambda y: y.caf, {"caf_soustractive", "caf_additive"}, "caf")


def bilan_table(years: list[YearAnalysis], lang: str) -> Table:
    return _money_table("bilan", years, lang, BILAN_ROWS, lambda y: y.bilan, BILAN_BOLD, "bilan")


def ratio_table(years: list[YearAnalysis], lang: str) -> Table:
    rows = [[text(f"finance.family.{r.family}", lang), text(f"finance.ratio.{r.key}", lang),
             text(f"finance.formula.{r.key}", lang), text(f"finance.unit.{r.unit}", lang)]
            + [y.ratios.get(r.key) for y in years] for r in RATIOS]
    columns = [text(f"finance.table.{c}", lang) for c in ("family", "ratio", "formula", "unit")] + _years(years, lang)
    kinds = ["text"] * 4 + ["ratio"] * len(years)
    return Table("ratios", text("finance.table.ratios", lang), columns, rows, kinds,
                 sheet=text("finance.sheet.ratios", lang))


def liasse_table(year: YearAnalysis, lang: str, form: str) -> Table:
    """One year's liasse: actif lines with brut / amortissements / net, then passif and résultat lines."""
    lines = year.statements.liasse_2050 if form == "2050" else year.statements.liasse_2033
    layouts = (ACTIF_2050, PASSIF_2051, CR_2052) if form == "2050" else (ACTIF_2033, PASSIF_2033, CR_2033)
    rows: list[list[Any]] = []
    bold: set[int] = set()
    for index, layout in enumerate(layouts):
        rows.append([text(f"finance.table.liasse_part{index}", lang), "", None, None, None])
        bold.add(len(rows) - 1)
        for spec in layout:
            code = spec.rstrip("*")
            value = float(lines.get(code, 0))
            if index == 0:
                amort = float(lines.get(TOTAL_AMORT.get(code) or AMORT_CODE.get(code, ""), 0))
                rows.append([code, text(f"finance.line.{code}", lang), value, amort, value - amort])
            else:
                rows.append([code, text(f"finance.line.{code}", lang), None, None, value])
            if spec.endswith("*"):
                bold.add(len(rows) - 1)
    columns = [text(f"finance.table.{c}", lang) for c in ("code", "line", "brut", "amort", "net")]
    title = text(f"finance.table.liasse_{form}", lang) + f" — {year.display_label(lang)}"
    return Table(f"liasse_{form}", title, columns, rows, ["text", "text", "money", "money", "money"], bold,
                 f"{text(f'finance.sheet.liasse_{form}', lang)} {year.label}")  # no "/" in sheet names


def alerts_table(years: list[YearAnalysis], lang: str) -> Table:
    rows = [[y.display_label(lang), text(f"finance.severity.{a.severity}", lang), text(a.key, lang, **a.values)]
            for y in years for a in y.alerts]
    columns = [text(f"finance.table.{c}", lang) for c in ("year", "severity", "message")]
    return Table("alerts", text("finance.table.alerts", lang), columns, rows, ["text"] * 3,
                 sheet=text("finance.sheet.alerts", lang))


def checks_table(years: list[YearAnalysis], lang: str) -> Table:
    rows = [[y.display_label(lang), text(f"finance.check.{name}", lang), text("finance.table.ok" if c.get("ok") else
             "finance.table.failed", lang), c.get("difference")] for y in years for name, c in y.checks.items()]
    columns = [text(f"finance.table.{c}", lang) for c in ("year", "check", "status", "difference")]
    return Table("checks", text("finance.table.checks", lang), columns, rows, ["text", "text", "text", "money"],
                 sheet=text("finance.sheet.checks", lang))


def validation_table(years: list[YearAnalysis], lang: str) -> Table:
    rows = [[y.source, text(f"finance.severity.{i.severity}", lang), i.line, i.message(lang)]
            for y in years if y.validation for i in y.validation.issues]
    columns = [text(f"finance.table.{c}", lang) for c in ("file", "severity", "line_number", "message")]
    return Table("validation", text("finance.table.validation", lang), columns, rows,
                 ["text", "text", "number", "text"], sheet=text("finance.sheet.validation", lang))


def series_table(year: YearAnalysis, lang: str) -> Table:
    s = year.series or {"months": [], "revenue": [], "cash_balance": []}
    rows = [[m, r, c] for m, r, c in zip(s["months"], s["revenue"], s["cash_balance"], strict=True)]
    columns = [text(f"finance.table.{c}", lang) for c in ("month", "revenue", "cash_balance")]
    return Table("series", text("finance.table.series", lang) + f" — {year.display_label(lang)}", columns, rows,
                 ["text", "money", "money"], sheet=f"{text('finance.sheet.series', lang)} {year.label}")


def accounts_table(year: YearAnalysis, lang: str) -> Table:
    rows = [[a["account"], a["label"], a["debit"], a["credit"], round(a["debit"] - a["credit"], 2)]
            for a in year.accounts]
    columns = [text(f"finance.table.{c}", lang) for c in ("account", "line", "debit", "credit", "solde")]
    return Table("accounts", text("finance.table.accounts", lang) + f" — {year.display_label(lang)}", columns, rows,
                 ["text", "text", "money", "money", "money"],
                 sheet=f"{text('finance.sheet.accounts', lang)} {year.label}")


def all_tables(years: list[YearAnalysis], lang: str) -> list[Table]:
    tables = [headline_table(years, lang), sig_table(years, lang), caf_table(years, lang), bilan_table(years, lang),
              ratio_table(years, lang), alerts_table(years, lang), checks_table(years, lang)]
    for year in years:
        if year.statements.liasse_2050:
            tables.append(liasse_table(year, lang, "2050"))
        tables.append(liasse_table(year, lang, "2033"))
        if year.series.get("months"):
            tables.append(series_table(year, lang))
        if year.accounts:
            tables.append(accounts_table(year, lang))
    if any(y.validation for y in years):
        tables.append(validation_table(years, lang))
    return tables
