"""`python -m finance forecast PLAN.json [--json]` and `python -m finance loan AMOUNT --rate PCT --months N
[--annual] [--constant-principal] [--deferral N] [--json]` (registered by finance.cli).

Bad input prints the catalogue message (the page's) on stderr and exits with status 2, no traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from forecast.messages import text
from forecast.model import FieldIssue, PlanError, from_json

BAD_INPUT = 2
HEADLINE = ("chiffre_affaires", "valeur_ajoutee", "ebe", "resultat_exploitation", "rcai", "impot_societes",
            "resultat_net")


def add_commands(sub: Any) -> None:
    run = sub.add_parser("forecast", help="compute a forecast (plan JSON, see forecast/plan.schema.json)")
    run.add_argument("plan", type=Path)
    run.add_argument("--json", action="store_true", help="print every output as JSON")
    loan = sub.add_parser("loan", help="print a loan table")
    loan.add_argument("amount", help="amount borrowed, euros")
    loan.add_argument("--rate", required=True, help="yearly nominal rate in percent (5 for 5 %%)")
    loan.add_argument("--months", required=True, help="duration in months, deferral included")
    loan.add_argument("--annual", action="store_true", help="yearly payments (months a multiple of 12)")
    loan.add_argument("--constant-principal", action="store_true", help="constant principal instead of annuity")
    loan.add_argument("--deferral", default="0", help="deferral in months (interest only)")
    loan.add_argument("--json", action="store_true")
    for command in (run, loan):
        command.add_argument("--lang", choices=("fr", "en"), default="fr")


def main(args: argparse.Namespace) -> int:
    try:
        if args.command == "loan":
            return _loan(args)
        return _forecast(args)
    except PlanError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return BAD_INPUT
    except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
        sys.stderr.close()
        return 0


def _forecast(args: argparse.Namespace) -> int:
    from forecast.engine import compute
    try:
        raw = args.plan.read_bytes()
    except OSError as exc:
        print(f"{exc.filename or args.plan}: {exc.strerror}", file=sys.stderr)
        return BAD_INPUT
    result = compute(from_json(raw))
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    lang = args.lang
    labels = [text(f"finance.sig.{k}", lang) if k != "impot_societes" else text("forecast.cli.corporate_tax", lang)
              for k in HEADLINE]
    width = max(len(label) for label in labels)
    print(" " * width + "".join(f"{e.end:>14}" for e in result.exercices))
    for key, label in zip(HEADLINE, labels, strict=True):
        print(f"{label:<{width}}" + "".join(f"{s['sig'][key]:>14,.2f}" for s in result.income_statement))
    low = result.cash_plan["lowest"]
    print(text("forecast.cli.lowest_cash", lang, amount=low["amount"], month=low["month"]))
    for alert in result.alerts:
        print(f"  [{alert.severity}] {alert.message(lang)}")
    return 0


def _number(raw: str, path: str, integer: bool = False) -> float:
    try:
        value = float(raw.replace(",", ".")) if not integer else int(raw)
    except ValueError:
        key = "forecast.error.not_an_integer" if integer else "forecast.error.not_a_number"
        raise PlanError([FieldIssue(path, key)]) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise PlanError([FieldIssue(path, "forecast.error.not_a_number")])
    return value


def _loan(args: argparse.Namespace) -> int:
    from forecast.loans import loan_table
    from forecast.model import Loan, validate_loan
    amount = _number(args.amount, "amount")
    rate = _number(args.rate, "--rate")
    months = int(_number(args.months, "--months", integer=True))
    deferral = int(_number(args.deferral, "--deferral", integer=True))
    if not 0 <= rate <= 100:
        raise PlanError([FieldIssue("--rate", "forecast.error.rate_percent")])
    loan: Loan = validate_loan({"name": "loan", "amount": amount, "rate": rate / 100, "months": months,
                                "deferral_months": deferral, "annual": args.annual,
                                "method": "constant_principal" if args.constant_principal else "annuity"})
    schedule = loan_table(loan.amount, loan.rate, loan.months, annual=loan.annual, method=loan.method,
                          deferral_months=loan.deferral_months)
    out = schedule.to_dict()
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print(text("forecast.cli.loan_payment", args.lang, payment=out["payment"], interest=out["total_interest"]))
    for row in out["schedule"]:
        print(f"{row['period']:>4} {row['payment']:>12,.2f} {row['interest']:>12,.2f} {row['principal']:>12,.2f} "
              f"{row['remaining']:>14,.2f}")
    return 0
