"""`python -m finance forecast PLAN.json` and `python -m finance loan ...`: outputs and exit status 2."""
import json
import subprocess
import sys

import pytest
from forecast_helpers import sample_dict

from finance.cli import main


def run(capsys, *argv):
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def test_loan_json_matches_the_reference_table(capsys):
    status, out, _ = run(capsys, "loan", "20000", "--rate", "5", "--months", "48", "--annual", "--json")
    data = json.loads(out)
    assert status == 0 and data["payment"] == 5640.24 and data["total_interest"] == 2560.96
    assert data["schedule"][-1] == {"period": 4, "payment": 5640.24, "interest": 268.59, "principal": 5371.65,
                                    "remaining": 0.0}


def test_loan_options(capsys):
    _, out, _ = run(capsys, "loan", "20000", "--rate", "5", "--months", "48", "--annual", "--constant-principal",
                    "--json")
    assert [r["payment"] for r in json.loads(out)["schedule"]] == [6000, 5750, 5500, 5250]
    _, out, _ = run(capsys, "loan", "100000", "--rate", "4", "--months", "60", "--deferral", "6", "--json")
    data = json.loads(out)
    assert len(data["schedule"]) == 60 and data["schedule"][0]["principal"] == 0
    status, out, _ = run(capsys, "loan", "100000", "--rate", "4", "--months", "60", "--lang", "en")
    assert status == 0 and "1,841.65" in out


@pytest.mark.parametrize("argv,message", [
    (["loan", "abc", "--rate", "5", "--months", "12"], "nombre"),
    (["loan", "1000", "--rate", "150", "--months", "12"], "100"),
    (["loan", "1000", "--rate", "5", "--months", "0"], "au moins 1"),
    (["loan", "1000", "--rate", "5", "--months", "18", "--annual"], "multiples de 12"),
    (["loan", "1000", "--rate", "5", "--months", "12", "--deferral", "12"], "différé"),
    (["loan", "-1000", "--rate", "5", "--months", "12"], "négatif"),
])
def test_loan_bad_input_exits_2_with_the_catalogue_message(capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2 and message in err and "Traceback" not in err and out == ""


def test_forecast_json_prints_every_output(capsys, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(sample_dict()), encoding="utf-8")
    status, out, _ = run(capsys, "forecast", str(path), "--json")
    data = json.loads(out)
    assert status == 0
    assert set(data) >= {"financing_plan", "income_statement", "cash_plan", "break_even", "bfr", "loans",
                         "depreciation", "bilan", "alerts", "parameters", "months", "exercices"}
    assert all(b["balanced"] for b in data["bilan"])
    status, out, _ = run(capsys, "forecast", str(path), "--lang", "en")
    assert status == 0 and "Lowest cash" in out


@pytest.mark.parametrize("content,message", [
    ("not json", "JSON"),
    ('{"project": {"name": "x", "start": "2026-09", "first_closing": "2026-06-30"}}', "clôture"),
    (json.dumps(sample_dict(revenue__0__price="cher")), "revenue[0].price"),
])
def test_forecast_bad_plan_exits_2(capsys, tmp_path, content, message):
    path = tmp_path / "plan.json"
    path.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "forecast", str(path))
    assert status == 2 and message in err and out == ""


def test_missing_plan_file_exits_2(capsys, tmp_path):
    status, _, err = run(capsys, "forecast", str(tmp_path / "absent.json"))
    assert status == 2 and "absent.json" in err


def test_module_entry_point():
    done = subprocess.run([sys.executable, "-m", "finance", "loan", "25000", "--rate", "4", "--months", "60",
                           "--json"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and json.loads(done.stdout)["payment"] == 460.41
