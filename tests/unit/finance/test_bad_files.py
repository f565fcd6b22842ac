"""Broken files give one clear, specific error (message key, line, details) and no analysis."""
from __future__ import annotations

import time

import pytest

from finance.analysis import analyse, inspect
from finance.cli import main
from finance.columns import STANDARD
from finance.errors import FecError
from finance.fec import read_fec
from tests.unit.finance.helpers import build, simple_rows, write


def _error(source, **kw) -> FecError:
    with pytest.raises(FecError) as info:
        analyse(source, **kw)
    message_fr, message_en = info.value.message("fr"), info.value.message("en")
    assert "{" not in message_fr and "{" not in message_en, (message_fr, message_en)
    assert message_fr != message_en
    return info.value


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\r\n"])
def test_empty(data):
    assert _error(data).code == "fec.error.empty"


def test_header_only():
    assert _error(build([])).code == "fec.error.no_rows"


@pytest.mark.parametrize(("data", "code"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "fec.error.binary"),
    (b"\x00\x01\x02" * 1000, "fec.error.binary"),
    (b"PK\x03\x04" + b"x" * 100, "fec.error.binary_kind"),
    (b"%PDF-1.7\n" + b"x" * 100, "fec.error.binary_kind"),
    ("JournalCode\tJournalLib".encode("utf-16"), "fec.error.utf16"),
])
def test_binary_and_unsupported_encodings(data, code):
    assert _error(data).code == code


def test_not_a_fec():
    error = _error(b"name,amount\nfoo,12\nbar,13\n")
    assert error.code == "fec.error.separator" and error.line == 1


def test_missing_mandatory_columns_are_listed():
    header = list(STANDARD)
    header[11] = "Montant_HT"  # Debit gone
    error = _error(build(simple_rows(), header=header))
    assert error.code == "fec.error.missing_columns"
    assert error.details["columns"] == "Debit" and error.line == 1


def test_duplicate_columns():
    header = list(STANDARD)
    header[17] = "Debit"
    assert _error(build(simple_rows(), header=header)).code == "fec.error.duplicate_columns"


def test_wrong_field_count_gives_the_line():
    rows = simple_rows()
    rows[6]["EcritureLib"] = "Facture | acompte"  # a separator inside a label (pipe file)
    error = _error(build(rows, sep="|"))
    assert error.code == "fec.error.field_count"
    assert error.line == 8  # header = line 1, rows[6] = line 8
    assert error.details["expected"] == 18 and error.details["found"] == 19
    assert "Facture" in error.details["excerpt"]


def test_wrong_field_count_line_with_crcrlf():
    rows = simple_rows()
    rows[2]["EcritureLib"] = "a\tb"
    error = _error(build(rows, eol="\r\r\n"))
    assert error.code == "fec.error.field_count" and error.line == 4


@pytest.mark.parametrize(("field", "value", "code"), [
    ("Debit", "12,3,4", "fec.error.amount"),
    ("Credit", "abc", "fec.error.amount"),
    ("Debit", "1.234,56", "fec.error.amount"),
    ("EcritureDate", "20231345", "fec.error.date"),
    ("EcritureDate", "", "fec.error.date"),
    ("CompteNum", "ABC123", "fec.error.account"),
    ("CompteNum", "", "fec.error.account"),
])
def test_row_errors_give_line_and_value(field, value, code):
    rows = simple_rows()
    rows[7][field] = value
    error = _error(build(rows))
    assert error.code == code
    assert error.line == 9
    if value:
        assert value in error.details["value"]


def test_bad_sens():
    header = list(STANDARD)
    header[11], header[12] = "Montant", "Sens"
    rows = simple_rows()
    for row in rows:
        amount = row["Debit"] if row["Debit"] != "0,00" else row["Credit"]
        row["Sens"] = "D" if row["Debit"] != "0,00" else "C"
        row["Debit"], row["Credit"] = amount, row["Sens"]
    rows[3]["Credit"] = "X"
    error = _error(build(rows, header=header))
    assert error.code == "fec.error.sens" and error.line == 5


def test_many_bad_rows_are_counted_not_all_listed():
    rows = simple_rows() * 3
    rows = [dict(r, Debit="n/a") for r in rows]
    report, year = inspect(build(rows))
    assert year is None
    amounts = [i for i in report.errors if i.code == "fec.error.amount"]
    assert len(amounts) == 10
    more = next(i for i in report.errors if i.code == "fec.error.more_rows")
    assert more.details["count"] == len(rows) - 10


def test_unbalanced_entry_names_journal_entry_and_line():
    rows = simple_rows()
    rows[8]["Credit"] = "590,00"  # AC entry 3 (lines 8-10) off by 10
    rows[11]["Debit"] = "290,00"  # OD entry 5 off by 10 the other way: the total still balances
    report, year = inspect(build(rows))
    assert year is None
    errors = [i for i in report.errors if i.code == "fec.error.unbalanced_entry"]
    assert [(e.line, e.details["journal"], e.details["entry"], e.details["difference"]) for e in errors] == [
        (8, "AC", "3", 10.0), (13, "OD", "5", -10.0)]
    assert "fec.error.unbalanced_total" not in {i.code for i in report.errors}
    assert report.unbalanced_entries == 2 and not report.balanced
    assert "AC" in errors[0].message("fr") and "ligne 8" in errors[0].message("fr").lower()


def test_unbalanced_total():
    rows = simple_rows()
    rows[12]["Credit"] = "299,99"
    error = _error(build(rows))
    assert error.code == "fec.error.unbalanced_total"
    assert error.details["difference"] == pytest.approx(0.01)
    assert error.report is not None and not error.report.ok


def test_degenerate_numbering_checks_journals():
    rows = [dict(r, EcritureNum="0") for r in simple_rows() * 8]  # > 20 rows per journal-entry
    report, year = inspect(build(rows))
    assert report.ok and year is not None
    assert report.entry_check == "journals"
    assert "fec.warning.entry_numbering" in {i.code for i in report.warnings}
    rows[0] = dict(rows[0], Credit="9999,00")
    rows[-1] = dict(rows[-1], Credit="0,00", Debit="9999,00")  # journal AN and OD unbalanced, total balanced
    report, _ = inspect(build(rows))
    assert {i.code for i in report.errors} >= {"fec.error.unbalanced_journal"}


def test_unknown_accounts_warn_and_the_mapping_check_fails():
    rows = simple_rows()
    rows[11]["CompteNum"] = "89000000"  # class 8: outside the balance sheet and the compte de résultat
    report, year = inspect(build(rows))
    assert report.ok
    unknown = next(i for i in report.warnings if i.code == "fec.warning.unknown_account")
    assert unknown.details["account"] == "89000000" and unknown.line == 13
    assert not year.checks["frng_bfr_tn"]["ok"]


def test_size_limit_rejects_a_200_mb_file_without_reading_it(tmp_path):
    path = tmp_path / "123456789FEC20231231.txt"
    with path.open("wb") as handle:  # sparse: costs no disk and no time
        handle.truncate(250 * 1024 * 1024)
    start = time.perf_counter()
    error = _error(path)
    assert error.code == "fec.error.too_large"
    assert error.details == {"size_mb": 250, "limit_mb": 200}
    assert time.perf_counter() - start < 2


def test_200_mb_binary_under_a_raised_limit_is_refused_on_its_first_bytes(tmp_path):
    path = tmp_path / "123456789FEC20231231.txt"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    start = time.perf_counter()
    assert _error(path, max_bytes=300 * 1024 * 1024).code == "fec.error.binary"
    assert time.perf_counter() - start < 2


def test_size_limit_applies_to_bytes_and_streams():
    import io
    data = build(simple_rows())
    with pytest.raises(FecError) as info:
        read_fec(data, max_bytes=100)
    assert info.value.code == "fec.error.too_large"
    with pytest.raises(FecError):
        read_fec(io.BytesIO(data), max_bytes=100)


def test_missing_file():
    error = _error("/nonexistent/123456789FEC20231231.txt")
    assert error.code == "fec.error.not_found"


def test_cli_exits_2_with_the_same_message(tmp_path, capsys):
    path = write(tmp_path, b"", "empty.txt")
    assert main(["analyse", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Le fichier est vide." in captured.err and "Traceback" not in captured.err
    assert main(["analyse", str(path), "--lang", "en"]) == 2
    assert "The file is empty." in capsys.readouterr().err


def test_cli_reports_the_line(tmp_path, capsys):
    rows = simple_rows()
    rows[7]["Debit"] = "douze"
    path = write(tmp_path, build(rows))
    assert main(["analyse", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Ligne 9" in err and "douze" in err
    assert main(["validate", str(path), "--lang", "en"]) == 2
    assert "Line 9" in capsys.readouterr().err


def test_cli_size_limit(tmp_path, capsys):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024 * 1024)
    assert main(["analyse", str(path), "--max-mb", "1"]) == 2
    assert "3 Mo" in capsys.readouterr().err
