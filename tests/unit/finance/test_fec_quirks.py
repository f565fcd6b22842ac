"""Every legal variant and real-world quirk of the FEC format gives the same analysis (reference §1.3-1.8)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from finance.analysis import analyse, inspect
from finance.columns import STANDARD
from finance.fec import parse_file_name, read_fec
from tests.unit.finance.helpers import build, line, real_file, simple_rows, write

BASE_RESULT = Decimal("200.00")
BASE_CA = Decimal("1000.00")


def _codes(report) -> set[str]:
    return {i.code for i in report.issues}


def _check_base(source, **kw):
    report, year = inspect(source, **kw)
    assert report.ok, [i.message("en") for i in report.errors]
    assert year.sig["resultat_net"] == BASE_RESULT
    assert year.sig["chiffre_affaires"] == BASE_CA
    assert report.rows == len(simple_rows())
    return report, year


def test_reference_layout_reads_all_rows_and_meta(tmp_path):
    report, year = _check_base(write(tmp_path, build(simple_rows())))
    assert report.file["separator"] == "TAB"
    assert report.file["columns"] == 18 and report.file["layout"] == 18
    assert report.file["encoding"] == "utf-8"
    assert report.entries == 5 and report.journals == 5
    assert str(report.period_start) == "2023-01-01" and str(report.period_end) == "2023-02-28"
    assert year.siren == "123456789"
    assert all(check["ok"] for check in year.checks.values()), year.checks


@pytest.mark.parametrize("variant", [
    {"sep": "|"},
    {"sep": "|", "trailing": True},
    {"bom": True},
    {"eol": "\r\n"},
    {"eol": "\r\r\n"},
    {"eol": "\r"},
    {"encoding": "cp1252"},
    {"encoding": "iso8859_15"},
    {"sep": "|", "trailing": True, "encoding": "iso8859_15", "eol": "\r\n"},
])
def test_separators_encodings_line_ends(tmp_path, variant):
    rows = simple_rows()
    rows[4]["EcritureLib"] = "Vente créée - 5 € ø"  # é, € (0x80 cp1252 / 0xA4 ISO-8859-15), ø
    report, _ = _check_base(write(tmp_path, build(rows, **variant)))
    assert report.file["separator"] == ("PIPE" if variant.get("sep") == "|" else "TAB")
    assert report.file["trailing_separator"] == variant.get("trailing", False)
    expected_encoding = {"utf-8": "utf-8-sig" if variant.get("bom") else "utf-8"}.get(
        variant.get("encoding", "utf-8"), variant.get("encoding"))
    assert report.file["encoding"] == expected_encoding
    if variant.get("eol") == "\r\r\n":
        assert report.file["line_end"] == "CRCRLF"


def test_cp1252_is_told_from_iso_8859_15(tmp_path):
    rows = simple_rows()
    rows[0]["EcritureLib"] = "Prix 5 €"
    data = build(rows, encoding="cp1252")
    assert b"\x80" in data
    assert read_fec(data).meta.encoding == "cp1252"
    assert read_fec(build(rows, encoding="iso8859_15")).meta.encoding == "iso8859_15"


def test_bytes_undefined_in_cp1252_fall_back_to_latin_1():
    data = build(simple_rows(), encoding="iso8859_15").replace("Libellé".encode("iso8859_15"), b"Lib\x81", 1)
    assert read_fec(data).meta.encoding == "latin-1"
    _check_base(data)


def test_invalid_utf8_after_the_sniffed_head_falls_back_to_8_bit(tmp_path):
    rows = simple_rows() * 800  # > 64 KiB of pure ASCII before the first 8-bit byte
    rows = [dict(r, EcritureLib="Libelle") for r in rows]
    rows[-1]["EcritureLib"] = "Cr\u00e9ation"
    data = build(rows, encoding="iso8859_15")
    assert data[:65536].isascii()
    assert read_fec(data).meta.encoding == "iso8859_15"


def test_trailing_separator_on_rows_only(tmp_path):
    data = build(simple_rows(), sep="|")
    lines = data.decode().splitlines()
    data = "\n".join([lines[0]] + [row + "|" for row in lines[1:]]).encode()
    report, _ = _check_base(data)
    assert report.file["trailing_separator"] is True


def test_padded_fields_and_zero_padded_amounts():
    rows = simple_rows()
    for row in rows:
        row["JournalCode"] = row["JournalCode"].ljust(4)
        row["CompteNum"] = " " + row["CompteNum"] + "  "
        for field in ("Debit", "Credit"):
            whole, cents = row[field].split(",")
            row[field] = f"{int(whole):010d},{cents}"
    _check_base(build(rows, sep="|"))


@pytest.mark.parametrize("amount", ["1000.00", "1 000,00", "1000", "1000,0", "+1000,00"])
def test_amount_spellings(amount):
    rows = simple_rows()
    rows[4]["Credit"] = amount
    rows[3]["Debit"] = "1200,00"
    rows[5]["Credit"] = "200,00"
    _check_base(build(rows))


def test_trailing_minus_sign_is_read():
    rows = simple_rows()
    rows[11]["Debit"] = "300,00-"  # a reversal written with a trailing sign, as A47 A-1 XII allows
    rows[12]["Credit"] = "-300,00"
    report, year = inspect(build(rows))
    assert report.ok
    assert year.sig["charges_personnel"] == Decimal("-300.00")


def test_montant_sens_variant():
    rows = simple_rows()
    header = list(STANDARD)
    header[11], header[12] = "Montant", "Sens"
    for index, row in enumerate(rows):
        debit, credit = row["Debit"], row["Credit"]
        row["Debit"] = debit if debit != "0,00" else credit
        row["Credit"] = ("D" if index % 2 else "+1") if debit != "0,00" else ("C" if index % 2 else "-1")
    report, _ = _check_base(build(rows, header=header))
    assert report.file["variant"] == "montant_sens"


@pytest.mark.parametrize("extra", [("DateRglt", "ModeRglt", "NatOp"), ("DateRglt", "ModeRglt", "NatOp", "IdClient"),
                                   ("CodeEtablissement",)])
def test_21_22_and_extra_columns(extra):
    report, _ = _check_base(build(simple_rows(), header=list(STANDARD) + list(extra)))
    assert report.file["columns"] == 18 + len(extra)
    assert report.file["layout"] == {3: 21, 4: 22}.get(len(extra), 18)


def test_header_names_case_and_accents():
    header = list(STANDARD)
    header[12] = "Crédit"
    header[16] = "MontantDevise"
    header[13] = "EcritureLettrage"
    header[0] = "journalcode"
    report, _ = _check_base(build(simple_rows(), header=header))
    assert "fec.warning.missing_columns" not in _codes(report)


def test_missing_optional_legal_column_is_a_warning():
    header = list(STANDARD)
    header[17] = "Autre"  # Idevise replaced by an unknown column
    report, _ = _check_base(build(simple_rows(), header=header))
    assert "fec.warning.missing_columns" in _codes(report)
    assert "fec.info.extra_columns" in _codes(report)


def test_quoted_fields_from_a_spreadsheet_are_read_with_a_warning():
    rows = [{k: f'"{v}"' for k, v in r.items()} for r in simple_rows()]
    rows[4]["EcritureLib"] = '"Vente; lot ""A"""'  # separator and quote inside a quoted label
    report, _ = _check_base(build(rows, header=[f'"{n}"' for n in STANDARD], sep=";"))
    assert "fec.warning.quoted" in _codes(report)


def test_semicolon_separator_is_read_with_a_warning():
    report, _ = _check_base(build(simple_rows(), sep=";"))
    assert "fec.warning.separator" in _codes(report)


def test_blank_lines_before_header_and_repeated_header():
    data = build(simple_rows())
    lines = data.decode().split("\n")
    data = ("\n\n" + "\n".join(lines[:6] + [lines[0]] + lines[6:])).encode()
    report, year = inspect(data)
    assert report.ok
    assert "fec.warning.repeated_header" in _codes(report)
    assert year.sig["resultat_net"] == BASE_RESULT


def test_tolerated_date_formats_warn():
    rows = simple_rows()
    rows[0]["EcritureDate"] = "01/01/2023"
    rows[1]["EcritureDate"] = "2023-01-01"
    rows[2]["EcritureDate"] = "2023-01-01T00:00:00"
    report, _ = _check_base(build(rows))
    warning = next(i for i in report.issues if i.code == "fec.warning.date_format")
    assert warning.details["count"] == 3


def test_valid_date_checks_warn():
    rows = simple_rows()
    rows[0]["ValidDate"] = ""
    rows[1]["ValidDate"] = "20221231"
    rows[2]["ValidDate"] = "2023XX01"
    report, _ = _check_base(build(rows))
    assert {"fec.warning.valid_date_empty", "fec.warning.valid_date_before",
            "fec.warning.valid_date_invalid"} <= _codes(report)


def test_debit_and_credit_on_one_row_warns():
    rows = simple_rows()
    rows[9]["Credit"] = "100,00"
    rows[10]["Debit"] = "100,00"
    report, _ = _check_base(build(rows))
    assert "fec.warning.debit_and_credit" in _codes(report)


def test_file_name_siren_and_closing_date():
    assert parse_file_name("123456789FEC20500930.txt") == ("123456789", __import__("datetime").date(2050, 9, 30))
    assert parse_file_name("/x/0000000001FEC20220831.txt")[0] == "0000000001"
    assert parse_file_name("export.txt") == (None, None)
    assert parse_file_name("123456789FEC20231332.txt") == ("123456789", None)


def test_file_name_checks_against_content(tmp_path):
    report, year = inspect(write(tmp_path, build(simple_rows()), "export_compta.txt"))
    assert "fec.warning.file_name" in _codes(report)
    assert str(year.closing_date) == "2023-02-28"  # month end of the last entry
    report, year = inspect(write(tmp_path, build(simple_rows()), "123456789FEC20211231.txt"))
    assert "fec.warning.period_vs_name" in _codes(report)
    report, year = inspect(write(tmp_path, build(simple_rows()), "0000000001FEC20231231.txt"))
    assert "fec.warning.siren" in _codes(report)
    assert str(year.closing_date) == "2023-12-31"


def test_opening_entries_not_first_warns_with_line():
    rows = simple_rows()
    rows = rows[3:] + rows[:3]
    report, _ = _check_base(build(rows))
    warning = next(i for i in report.issues if i.code == "fec.warning.opening_not_first")
    assert warning.line == len(rows) - 3 + 2


def test_bytes_and_file_objects_are_accepted(tmp_path):
    import io
    data = build(simple_rows())
    _check_base(data, name="123456789FEC20231231.txt")
    handle = io.BytesIO(data)
    handle.name = "123456789FEC20231231.txt"
    report, year = _check_base(handle)
    assert year.siren == "123456789"


# --- the same transformations applied to a real file, in memory ---------------------------------------------

def _real_rows():
    path = real_file("000000000FEC20231231.txt")
    text = path.read_bytes().decode("utf-8")
    lines = text.rstrip("\n").split("\n")
    return lines[0].split("\t"), [row.split("\t") for row in lines[1:]]


def _serialise(header, rows, sep="\t", eol="\n", encoding="utf-8", bom=False, trailing=False):
    end = sep if trailing else ""
    body = eol.join(sep.join(r) + end for r in [header] + rows) + eol
    data = body.encode(encoding, errors="replace")
    return (b"\xef\xbb\xbf" + data) if bom else data


@pytest.mark.parametrize("variant", [
    {"sep": "|", "trailing": True}, {"bom": True, "eol": "\r\r\n"}, {"encoding": "cp1252", "eol": "\r\n"},
    {"encoding": "iso8859_15", "sep": "|"},
])
def test_real_file_variants_give_the_filed_result(variant):
    header, rows = _real_rows()
    report, year = inspect(_serialise(header, rows, **variant), name="000000000FEC20231231.txt")
    assert report.ok
    assert year.sig["resultat_net"] == Decimal("3988.38")
    assert year.bilan["frng"] == Decimal("107799.47")
    assert year.statements.liasse_2033["072"] == Decimal("20857.81")


def test_real_file_as_montant_sens_and_18_columns():
    header, rows = _real_rows()
    header = header[:18]
    header[11], header[12] = "Montant", "Sens"
    converted = []
    for row in rows:
        row = row[:18]
        debit, credit = row[11], row[12]
        row[11], row[12] = (debit, "D") if debit not in ("", "0,00") else (credit, "C")
        converted.append(row)
    report, year = inspect(_serialise(header, converted), name="000000000FEC20231231.txt")
    assert report.ok and report.file["variant"] == "montant_sens"
    assert year.sig["resultat_net"] == Decimal("3988.38")


def test_analyse_several_files_orders_most_recent_first(tmp_path):
    older = [dict(r) for r in simple_rows()]
    for row in older:
        row["EcritureDate"] = row["EcritureDate"].replace("2023", "2022")
        row["ValidDate"] = row["EcritureDate"]
    older[4]["Credit"], older[3]["Debit"], older[5]["Credit"] = "800,00", "1000,00", "200,00"
    older[9]["Debit"] = older[10]["Credit"] = "1000,00"
    years = analyse(write(tmp_path, build(older), "123456789FEC20221231.txt"),
                    write(tmp_path, build(simple_rows()), "123456789FEC20231231.txt"))
    assert [str(y.closing_date) for y in years] == ["2023-12-31", "2022-12-31"]
    assert years[0].ratios["croissance_ca"] == pytest.approx(0.25)
    assert years[1].ratios["croissance_ca"] is None


def test_line_helper_defaults():
    row = line("VE", "1", "20230101", "70600000", credit="5,00")
    assert row["Debit"] == "0,00" and row["ValidDate"] == "20230101"


def test_empty_labels_warn():
    rows = simple_rows()
    rows[0]["EcritureLib"] = ""
    rows[1]["EcritureLib"] = "   "
    report, _ = _check_base(build(rows))
    assert next(i for i in report.warnings if i.code == "fec.warning.label_empty").details["count"] == 2
