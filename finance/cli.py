"""Command line: `python -m finance analyse FEC [FEC_N-1 ...] --json`, `validate`, `template`; the
forecast's `forecast PLAN.json` and `loan AMOUNT ...` live in forecast.cli.

Bad input prints the same catalogue message as the page on stderr and exits with status 2 (no traceback).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from finance.analysis import HEADLINE, analyse, inspect
from finance.errors import FecError
from finance.fec import MAX_BYTES
from finance.messages import text
from finance.ratios import DEFAULT_TVA_RATE

BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m finance", description=text("finance.cli.description", "en"))
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("analyse", help="analyse FEC files (one per fiscal year)")
    run.add_argument("files", nargs="+", type=Path)
    run.add_argument("--json", action="store_true", help="print a JSON array, one object per fiscal year")
    run.add_argument("--tva", type=float, default=DEFAULT_TVA_RATE, help="average TVA rate for TTC ratios")
    run.add_argument("--customer-credit", choices=("EA", "DW"), default="EA",
                     help="liasse line of customers in credit: EA autres dettes (default) or DW avances reçues")
    run.add_argument("--excel", type=Path, help="also write the Excel workbook here")
    run.add_argument("--pdf", type=Path, help="also write the PDF report here")
    check = sub.add_parser("validate", help="print the validation report of FEC files")
    check.add_argument("files", nargs="+", type=Path)
    check.add_argument("--json", action="store_true")
    template = sub.add_parser("template", help="write the Excel template of the manual 2033 entry")
    template.add_argument("output", type=Path)
    for command in (run, check, template):
        command.add_argument("--lang", choices=("fr", "en"), default="fr")
    from forecast.cli import add_commands
    add_commands(sub)
    for command in (run, check):
        command.add_argument("--max-mb", type=int, default=MAX_BYTES // 1_048_576, help="file size limit")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    lang = args.lang
    if args.command in ("forecast", "loan"):
        from forecast.cli import main as forecast_main
        return forecast_main(args)
    try:
        if args.command == "template":
            from finance.template import build_template
            args.output.write_bytes(build_template(lang))
            return 0
        if args.command == "validate":
            return _validate(args, lang)
        years = analyse(*args.files, max_bytes=args.max_mb * 1_048_576, tva_rate=args.tva,
                        customer_credit=args.customer_credit)
    except FecError as exc:
        source = f"{exc.details.get('file') or getattr(exc.report, 'file', {}).get('file_name') or ''}"
        print(f"{source}: {exc.message(lang)}" if source else exc.message(lang), file=sys.stderr)
        return BAD_INPUT
    except OSError as exc:
        print(f"{exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return BAD_INPUT
    if args.excel or args.pdf:
        from finance.export import excel_report, pdf_report
        if args.excel:
            args.excel.write_bytes(excel_report(years, lang))
        if args.pdf:
            args.pdf.write_bytes(pdf_report(years, lang))
    try:
        if args.json:
            json.dump([y.to_dict() for y in years], sys.stdout, ensure_ascii=False, indent=1)
            print()
        else:
            _print_table(years, lang)
    except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
        sys.stderr.close()
    return 0


def _validate(args: argparse.Namespace, lang: str) -> int:
    reports = [inspect(path, max_bytes=args.max_mb * 1_048_576)[0] for path in args.files]
    if args.json:
        json.dump([r.to_dict() for r in reports], sys.stdout, ensure_ascii=False, indent=1)
        print()
    for report in reports:
        if not args.json:
            print(f"{report.file.get('file_name')}: {report.rows} {text('finance.report.rows', lang)}, "
                  f"{report.period_start} → {report.period_end}")
        for issue in report.issues:
            stream = sys.stderr if issue.severity == "error" else sys.stdout
            if args.json and stream is sys.stdout:
                continue
            print(f"  [{issue.severity}] {issue.message(lang)}", file=stream)
    return 0 if all(r.ok for r in reports) else BAD_INPUT


def _print_table(years: list, lang: str) -> None:
    keys = HEADLINE + ("caf", "frng", "bfr", "tresorerie_nette")
    rows = [(text(f"finance.sig.{k}", lang), [y.to_dict()[k] for y in years]) for k in keys]
    width = max(len(label) for label, _ in rows)
    print(" " * width + "".join(f"{y.label:>16}" for y in years))
    for label, values in rows:
        print(f"{label:<{width}}" + "".join(f"{v:>16,.2f}" for v in values))
    for year in years:
        failed = [name for name, check in year.checks.items() if not check.get("ok")]
        status = ", ".join(failed) if failed else "ok"
        print(f"{year.label}: {text('finance.report.checks', lang)}: {status}")
        for alert in year.alerts:
            print(f"  [{alert.severity}] {text(alert.key, lang, **alert.values)}")
