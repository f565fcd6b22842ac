"""Manual entry for companies without a FEC: the lines of the liasse simplifiée 2033-A/B for up to three
years, as an editable table (pandas) or a downloadable Excel template, turned into the same Statements as
a FEC so the whole analysis is shared.

Optional "dont" lines (detail of a line, e.g. reprises inside 230) are needed for an exact CAF; left
empty they count as zero, which is the usual case for small companies.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import pandas as pd

from finance.analysis import YearAnalysis, build_year, finalise
from finance.errors import FecError
from finance.messages import text
from finance.ratios import DEFAULT_TVA_RATE
from finance.statements import Statements
from finance.totals import liasse_2033_totals

MAX_YEARS = 3
# code, form (A = bilan, B = compte de résultat, D = optional detail "dont"), total?
LINES: tuple[tuple[str, str, bool], ...] = tuple(
    (code, form, total) for form, spec in (
        ("A", "010 012 014 016 028 030 040 042 044* 048* 050 052 060 062 064 068 070 072 074 080 082 084 092 "
              "096* 098* 110* 112* 120 124 126 130 132 134 136 137 140 142* 154 156 164 166 172 174 176* 180*"),
        ("B", "210 214 218 222 224 226 230 232* 234 236 238 240 242 244 250 252 254 256 262 264* 270* 280 290 "
              "294 300 306 310*"),
        ("D", "d230_reprises d280_reprises d290_cessions d290_subventions d290_reprises d294_dotations "
              "d300_vnc d300_dotations d300_participation d156_concours d172_fiscal_social"),
    ) for code, total in ((c.rstrip("*"), c.endswith("*")) for c in spec.split())
)
INPUT_CODES = tuple(code for code, _, total in LINES if not total)
TOTAL_CODES = tuple(code for code, _, total in LINES if total)
MONTHS_CODE = "months"


@dataclass
class ManualYear:
    closing_date: date
    values: dict[str, Decimal] = field(default_factory=dict)  # code -> amount in euros (absent = 0)
    months: int = 12
    siren: str | None = None


def line_label(code: str, lang: str) -> str:
    return text(f"finance.line.{code}" if code[0].isdigit() else f"finance.manual.{code}", lang)


def manual_frame(lang: str = "fr", years: list[ManualYear] | None = None,
                 closing_dates: list[date] | None = None) -> pd.DataFrame:
    """Editable table: one row per 2033 line (totals included, computed), one column per closing date."""
    years = years or [ManualYear(d) for d in (closing_dates or [])]
    rows = [{"code": MONTHS_CODE, "form": "", "label": text("finance.manual.months", lang), "total": False}]
    rows += [{"code": c, "form": f, "label": line_label(c, lang), "total": t} for c, f, t in LINES]
    frame = pd.DataFrame(rows)
    for year in years[:MAX_YEARS]:
        computed = statements_from_manual(year).liasse_2033
        column = [float(year.months)]
        column += [float(computed.get(c, 0) if t else year.values.get(c, 0)) for c, _, t in LINES]
        frame[year.closing_date.isoformat()] = column
    return frame


def closing_dates(last: date, count: int) -> list[date]:
    """The closing dates of `count` years ending at `last`, one year apart (Feb 29 -> Feb 28)."""
    day = min(last.day, 28) if last.month == 2 else last.day
    return [last.replace(year=last.year - i, day=day) for i in range(count)]


def entry_frame(lang: str, years: list[ManualYear], typed: pd.DataFrame | None = None) -> pd.DataFrame:
    """The table the user fills in: the 2033 lines without their totals (computed anyway), one column
    per year, blanks instead of zeros; the amounts of `typed` (an earlier entry_frame) are kept column
    by column, so that changing the closing dates loses nothing."""
    frame = manual_frame(lang, years)
    frame = frame[~frame["total"]].drop(columns=["total"]).reset_index(drop=True)
    for column in frame.columns[3:]:
        frame[column] = frame[column].astype("float64").where(frame[column] != 0)
    frame["form"] = frame["form"].map({"A": "2033-A", "B": "2033-B", "D": text("finance.ui.detail", lang)}).fillna("")
    if typed is not None:
        for new_col, old_col in zip(frame.columns[3:], typed.columns[3:], strict=False):
            frame[new_col] = typed[old_col].to_numpy()
    return frame


def years_from_frame(frame: pd.DataFrame, siren: str | None = None) -> list[ManualYear]:
    """The edited table back to ManualYear objects (totals are recomputed, never read)."""
    years = []
    for column in frame.columns:
        try:
            closing = date.fromisoformat(str(column)[:10])
        except ValueError:
            continue
        values = {}
        months = 12
        for code, raw in zip(frame["code"], frame[column], strict=True):
            amount = parse_amount(raw, code, str(column))
            if code == MONTHS_CODE:
                months = int(amount) if amount else 12
            elif code in INPUT_CODES and amount:
                values[code] = amount
        years.append(ManualYear(closing, values, months, siren))
    if not years:
        raise FecError("manual.error.no_year")
    return years[:MAX_YEARS]


def parse_amount(raw: object, code: str, year: str, cell: str | None = None) -> Decimal:
    if raw is None or (isinstance(raw, float) and raw != raw) or str(raw).strip() == "":
        return Decimal(0)
    cleaned = str(raw).replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        return Decimal(cleaned).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise FecError("manual.error.value", None, line_code=code, year=year, value=str(raw)[:40],
                       cell=cell or "") from None


def statements_from_manual(year: ManualYear) -> Statements:
    v: dict[str, Decimal] = defaultdict(Decimal, year.values)
    postes = {
        "ventes_marchandises": v["210"], "production_vendue_biens": v["214"],
        "production_vendue_services": v["218"], "production_stockee": v["222"],
        "production_immobilisee": v["224"], "subventions_exploitation": v["226"],
        "reprises_exploitation": v["d230_reprises"], "autres_produits": v["230"] - v["d230_reprises"],
        "achats_marchandises": v["234"], "variation_stock_marchandises": v["236"], "achats_matieres": v["238"],
        "variation_stock_matieres": v["240"], "autres_achats_charges_externes": v["242"],
        "impots_taxes": v["244"], "salaires": v["250"], "charges_sociales": v["252"],
        "dotations_amortissements": v["254"], "dotations_provisions": v["256"], "autres_charges": v["262"],
        "reprises_financieres": v["d280_reprises"], "autres_interets": v["280"] - v["d280_reprises"],
        "produits_cessions_actif": v["d290_cessions"], "quote_part_subventions": v["d290_subventions"],
        "reprises_exceptionnelles": v["d290_reprises"],
        "produits_exceptionnels_gestion": v["290"] - v["d290_cessions"] - v["d290_subventions"]
        - v["d290_reprises"],
        "dotations_financieres": v["d294_dotations"], "interets": v["294"] - v["d294_dotations"],
        "valeur_comptable_cessions": v["d300_vnc"], "dotations_exceptionnelles": v["d300_dotations"],
        "participation": v["d300_participation"],
        "charges_exceptionnelles_gestion": v["300"] - v["d300_vnc"] - v["d300_dotations"]
        - v["d300_participation"],
        "impots_benefices": v["306"],
    }
    lines = {c: v[c] for c in INPUT_CODES if c[0].isdigit()}
    result = liasse_2033_totals(dict(lines))["310"]
    if "136" not in year.values:  # résultat not entered on the bilan: take the compte de résultat's
        lines["136"] = result
    lines = liasse_2033_totals(lines)
    f: dict[str, Decimal] = defaultdict(Decimal)
    f.update(capitaux_propres=lines["142"], capital_social=v["120"], amortissements_depreciations=lines["112"],
             provisions=v["154"], dettes_financieres=v["156"] - v["d156_concours"], emplois_stables=lines["044"],
             stocks=v["050"] + v["060"], stocks_marchandises=v["060"], stocks_marchandises_debut=v["060"] + v["236"],
             stocks_matieres=v["050"], stocks_matieres_debut=v["050"] + v["240"],
             creances_exploitation=v["064"] + v["068"] + v["092"], creances_hors_exploitation=v["072"],
             dettes_exploitation=v["164"] + v["166"] + v["174"] + v["d172_fiscal_social"],
             dettes_hors_exploitation=v["172"] - v["d172_fiscal_social"],
             tresorerie_active=v["080"] + v["084"], tresorerie_passive=v["d156_concours"],
             clients=v["068"], fournisseurs=v["166"], total_bilan=lines["110"] - lines["112"])
    return Statements("manual", postes, dict(f), {}, lines)


def analyse_manual(years: list[ManualYear], tva_rate: float = DEFAULT_TVA_RATE) -> list[YearAnalysis]:
    if not years:
        raise FecError("manual.error.no_year")
    if len(years) > MAX_YEARS:
        raise FecError("manual.error.too_many_years", limit=MAX_YEARS)
    analysed = []
    for year in years:
        statements = statements_from_manual(year)
        if not any(year.values.values()):
            raise FecError("manual.error.empty_year", year=year.closing_date.isoformat())
        result = build_year(statements, source="manual", kind="manual", siren=year.siren,
                            closing_date=year.closing_date, months=year.months)
        entered = year.values.get("136")
        if entered is not None:  # the bilan's résultat must be the compte de résultat's
            result.checks["resultat_bilan"] = {"ok": abs(entered - statements.liasse_2033["310"]) < Decimal("0.5"),
                                               "difference": float(entered - statements.liasse_2033["310"])}
        analysed.append(result)
    return finalise(analysed, tva_rate)
