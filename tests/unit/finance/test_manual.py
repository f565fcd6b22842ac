"""Manual 2033-A/B entry: editable table, Excel template round trip, and the same analysis as a FEC."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from finance.analysis import inspect
from finance.errors import FecError
from finance.manual import (
    INPUT_CODES,
    MONTHS_CODE,
    TOTAL_CODES,
    ManualYear,
    analyse_manual,
    closing_dates,
    entry_frame,
    manual_frame,
    statements_from_manual,
    years_from_frame,
)
from finance.template import build_template, parse_template
from tests.unit.finance.helpers import real_file

D = Decimal


def _small_company(closing: date = date(2023, 12, 31), scale: int = 1) -> ManualYear:
    v = {"210": 500_000, "234": 300_000, "236": -10_000, "218": 100_000, "242": 80_000, "244": 5_000,
         "250": 90_000, "252": 35_000, "254": 12_000, "294": 3_000, "306": 20_000,
         "028": 150_000, "030": 60_000, "060": 40_000, "068": 70_000, "072": 8_000, "084": 30_000,
         "120": 20_000, "126": 2_000, "134": 33_000, "156": 50_000, "166": 45_000, "172": 23_000,
         "d294_dotations": 0, "d172_fiscal_social": 18_000}
    values = {k: D(x * scale) for k, x in v.items()}
    values["136"] = statements_from_manual(ManualYear(closing, dict(values))).liasse_2033["310"]
    return ManualYear(closing, values)


def test_manual_year_gives_sig_caf_and_a_balanced_bilan():
    year = analyse_manual([_small_company()])[0]
    s = year.sig
    assert s["marge_commerciale"] == 500_000 - 290_000
    assert s["valeur_ajoutee"] == 210_000 + 100_000 - 80_000
    assert s["ebe"] == 230_000 - 5_000 - 125_000
    assert s["resultat_exploitation"] == 100_000 - 12_000
    assert s["resultat_net"] == 88_000 - 3_000 - 20_000
    assert year.caf["caf_additive"] == year.caf["caf_soustractive"] == 65_000 + 12_000
    assert all(check["ok"] for check in year.checks.values()), year.checks
    assert year.bilan["frng"] - year.bilan["bfr"] == year.bilan["tresorerie_nette"]
    assert year.kind == "manual" and year.series == {} and year.validation is None


def test_three_years_side_by_side_with_growth():
    years = analyse_manual([_small_company(date(2021, 12, 31)), _small_company(date(2023, 12, 31), 2),
                            _small_company(date(2022, 12, 31))])
    assert [str(y.closing_date) for y in years] == ["2023-12-31", "2022-12-31", "2021-12-31"]
    assert years[0].ratios["croissance_ca"] == pytest.approx(1.0)
    with pytest.raises(FecError) as info:
        analyse_manual([_small_company()] * 4)
    assert info.value.code == "manual.error.too_many_years"


def test_result_entered_on_the_bilan_is_checked():
    year = _small_company()
    year.values["136"] += 100
    result = analyse_manual([year])[0]
    assert not result.checks["resultat_bilan"]["ok"] and not result.checks["bilan_balanced"]["ok"]


def test_fec_2033_lines_entered_by_hand_give_the_same_income_statement():
    _, fec_year = inspect(real_file("000000000FEC20231231.txt"))
    lines = fec_year.statements.liasse_2033
    values = {c: lines[c] for c in INPUT_CODES if c in lines and c[0].isdigit() and lines[c]}
    manual = analyse_manual([ManualYear(date(2023, 6, 30), values)])[0]
    for key in ("chiffre_affaires", "valeur_ajoutee", "ebe", "resultat_exploitation", "resultat_net"):
        assert manual.sig[key] == fec_year.sig[key], key
    assert manual.checks["bilan_balanced"]["ok"]


def test_frame_round_trip_and_totals_are_computed():
    years = [_small_company(date(2023, 12, 31)), _small_company(date(2022, 12, 31), 2)]
    frame = manual_frame("fr", years)
    assert list(frame.columns[:4]) == ["code", "form", "label", "total"]
    assert list(frame.columns[4:]) == ["2023-12-31", "2022-12-31"]
    row = frame.set_index("code")
    assert row.loc["310", "2023-12-31"] == float(years[0].values["136"])
    assert row.loc["110", "2023-12-31"] == 150_000 + 40_000 + 70_000 + 8_000 + 30_000
    assert row.loc[MONTHS_CODE, "2022-12-31"] == 12
    frame.loc[frame["code"] == "310", "2023-12-31"] = 1  # totals are never read back
    back = years_from_frame(frame)
    assert [y.closing_date for y in back] == [date(2023, 12, 31), date(2022, 12, 31)]
    assert back[0].values == {k: v for k, v in years[0].values.items() if v}
    assert manual_frame("en").loc[1, "label"] != manual_frame("fr").loc[1, "label"]


def test_frame_bad_value_names_line_and_year():
    frame = manual_frame("fr", [_small_company()])
    frame["2023-12-31"] = frame["2023-12-31"].astype(object)  # a text cell typed by the user
    frame.loc[frame["code"] == "210", "2023-12-31"] = "douze"
    with pytest.raises(FecError) as info:
        years_from_frame(frame)
    assert info.value.code == "manual.error.value"
    assert info.value.details["line_code"] == "210" and "douze" in info.value.message("fr")


def test_template_round_trip():
    years = [_small_company(date(2023, 12, 31)), _small_company(date(2022, 12, 31), 3)]
    data = build_template("fr", years)
    parsed = parse_template(data, siren="123456789")
    assert [(y.closing_date, y.months) for y in parsed] == [(date(2023, 12, 31), 12), (date(2022, 12, 31), 12)]
    assert parsed[1].values == {k: v for k, v in years[1].values.items() if v}
    assert parsed[0].siren == "123456789"


def test_blank_template_has_formulas_and_three_year_columns():
    book = load_workbook(io.BytesIO(build_template("en")))
    sheet = book["2033"]
    header = [c.value for c in sheet[4]]
    assert header[:3] == ["Code", "Form", "Label"] and len(header) == 6
    formulas = [c.value for row in sheet.iter_rows(min_col=4, max_col=4) for c in row
                if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(formulas) == 13  # every total line
    with pytest.raises(FecError) as info:
        parse_template(build_template("fr"))
    assert info.value.code == "manual.error.empty"


def _filled_template(cell: str, value: object) -> bytes:
    book = load_workbook(io.BytesIO(build_template("fr", [_small_company()])))
    book["2033"][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_template_errors():
    with pytest.raises(FecError) as info:
        parse_template(b"not an excel file")
    assert info.value.code == "manual.error.not_xlsx"
    with pytest.raises(FecError) as info:
        parse_template(_filled_template("D4", "demain"))
    assert info.value.code == "manual.error.header_date"
    with pytest.raises(FecError) as info:
        parse_template(_filled_template("D7", "12 k€"))
    assert info.value.code == "manual.error.value" and info.value.details["cell"] == "D7"
    book = load_workbook(io.BytesIO(build_template("fr")))
    book["2033"].title = "Autre"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(FecError) as info:
        parse_template(out.getvalue())
    assert info.value.code == "manual.error.sheet"


def test_empty_year_and_no_year():
    with pytest.raises(FecError) as info:
        analyse_manual([ManualYear(date(2023, 12, 31))])
    assert info.value.code == "manual.error.empty_year"
    with pytest.raises(FecError):
        analyse_manual([])


def test_manual_analysis_round_trips_through_json():
    import json

    from finance.analysis import YearAnalysis
    year = analyse_manual([_small_company()])[0]
    data = json.loads(json.dumps(year.to_dict()))
    assert YearAnalysis.from_dict(data).to_dict() == data
    assert data["kind"] == "manual" and data["liasse"]["2050"] == {} and data["validation"] is None


def test_closing_dates_go_back_a_year_at_a_time():
    assert closing_dates(date(2024, 12, 31), 3) == [date(2024, 12, 31), date(2023, 12, 31), date(2022, 12, 31)]
    assert closing_dates(date(2024, 2, 29), 2) == [date(2024, 2, 28), date(2023, 2, 28)]


def test_entry_frame_has_no_totals_blanks_for_zeros_and_keeps_typed_amounts():
    first = entry_frame("en", [ManualYear(date(2024, 12, 31), {"210": Decimal("1000")})])
    assert not set(first["code"]) & set(TOTAL_CODES)
    assert first.loc[first["code"] == "210", "2024-12-31"].item() == 1000
    assert first.loc[first["code"] == "214", "2024-12-31"].isna().item()
    assert set(first["form"]) == {"", "2033-A", "2033-B", "Detail"}
    moved = entry_frame("en", [ManualYear(date(2025, 6, 30))], typed=first)   # new closing date, same amounts
    assert list(moved.columns[3:]) == ["2025-06-30"]
    assert moved.loc[moved["code"] == "210", "2025-06-30"].item() == 1000
