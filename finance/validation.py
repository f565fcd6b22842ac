"""Validation report of a FEC (reference §1.6): rows, period, balances, columns, accounts, dates.

Errors make the file unusable (nothing is analysed or saved); warnings and infos are shown and the analysis
goes on. Every row-level finding carries the line number and a message key.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from finance.errors import Issue
from finance.fec import FecData
from finance.ledger import Ledger
from finance.mapping import is_known_account

ROW_ISSUES = 10  # findings listed per kind; the rest is counted
_AN_JOURNALS = ("AN", "ANO", "RAN", "ANX", "AN0")


@dataclass
class ValidationReport:
    file: dict[str, Any]
    rows: int = 0
    journals: int = 0
    entries: int = 0
    period_start: date | None = None
    period_end: date | None = None
    total_debit: Decimal = Decimal(0)
    total_credit: Decimal = Decimal(0)
    unbalanced_entries: int = 0
    entry_check: str = "entries"  # "entries", or "journals" when the numbering cannot rebuild entries
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def balanced(self) -> bool:
        return self.total_debit == self.total_credit and self.unbalanced_entries == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "rows": self.rows, "journals": self.journals, "entries": self.entries,
            "period_start": _iso(self.period_start), "period_end": _iso(self.period_end),
            "total_debit": float(self.total_debit), "total_credit": float(self.total_credit),
            "unbalanced_entries": self.unbalanced_entries, "entry_check": self.entry_check,
            "ok": self.ok, "issues": [i.to_dict() for i in self.issues],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ValidationReport:
        return cls(d["file"], d["rows"], d["journals"], d["entries"], _date(d["period_start"]),
                   _date(d["period_end"]), Decimal(str(d["total_debit"])), Decimal(str(d["total_credit"])),
                   d["unbalanced_entries"], d["entry_check"], [Issue.from_dict(i) for i in d["issues"]])


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def validate(ledger: Ledger) -> ValidationReport:
    data = ledger.data
    meta = data.meta
    report = ValidationReport(meta.to_dict())
    add = report.issues.append
    _format_issues(data, add)
    stats = ledger.rows("""
        SELECT count(*), min(d), max(d), coalesce(sum(debit), 0), coalesce(sum(credit), 0),
               count(*) FILTER (WHERE debit <> 0 AND credit <> 0), count(*) FILTER (WHERE v_state = 1),
               count(*) FILTER (WHERE v_state = 3), count(*) FILTER (WHERE alt_date AND d IS NOT NULL),
               count(*) FILTER (WHERE year(d) NOT BETWEEN 1900 AND 2099),
               count(*) FILTER (WHERE v_state = 2), count(*) FILTER (WHERE debit IS NULL OR credit IS NULL),
               count(*) FILTER (WHERE d IS NULL), count(*) FILTER (WHERE bad_sens)
        FROM entries""")[0]
    (report.rows, report.period_start, report.period_end, debit, credit, both, no_valid,
     valid_before, alt_dates, odd_years, bad_valid, bad_amounts, bad_dates, bad_sens) = stats
    no_lib = ledger.blank_count("EcritureLib")
    report.total_debit, report.total_credit = Decimal(debit), Decimal(credit)
    skipped = data.table.num_rows - report.rows
    if skipped:
        add(Issue("warning", "fec.warning.repeated_header", None, {"count": skipped}))
    _row_errors(ledger, add, {"fec.error.amount": bad_amounts, "fec.error.date": bad_dates,
                              "fec.error.sens": bad_sens})
    _account_errors(ledger, add)
    if report.total_debit != report.total_credit:
        add(Issue("error", "fec.error.unbalanced_total", None, {
            "debit": float(debit), "credit": float(credit), "difference": float(debit - credit)}))
    _entry_balance(ledger, report)
    counted = [("fec.warning.debit_and_credit", both), ("fec.warning.valid_date_empty", no_valid),
               ("fec.warning.valid_date_before", valid_before), ("fec.warning.date_format", alt_dates),
               ("fec.warning.date_year", odd_years), ("fec.warning.label_empty", no_lib),
               ("fec.warning.valid_date_invalid", bad_valid)]
    for code, count in counted:
        if count:
            add(Issue("warning", code, None, {"count": count, "rows": report.rows}))
    _period_issues(report, meta, add)
    _journals(ledger, add)
    _unknown_accounts(ledger, add)
    return report


def _format_issues(data: FecData, add: Any) -> None:
    meta = data.meta
    if meta.siren is None and meta.name_closing_date is None:
        add(Issue("warning", "fec.warning.file_name", None, {"name": meta.file_name or ""}))
    elif meta.siren is not None and (len(meta.siren) != 9 or not meta.siren.isdigit()):
        add(Issue("warning", "fec.warning.siren", None, {"siren": meta.siren}))
    if meta.layout.missing:
        add(Issue("warning", "fec.warning.missing_columns", 1, {"columns": ", ".join(meta.layout.missing)}))
    if meta.layout.extras:
        add(Issue("info", "fec.info.extra_columns", 1, {"columns": ", ".join(meta.layout.extras)}))
    if meta.separator == ";":
        add(Issue("warning", "fec.warning.separator", 1, {}))
    if meta.trailing_separator:
        add(Issue("info", "fec.info.trailing_separator", None, {}))
    if meta.quoted:
        add(Issue("warning", "fec.warning.quoted", 1, {}))
    if not meta.encoding.startswith("utf"):
        add(Issue("info", "fec.info.encoding", None, {"encoding": meta.encoding}))
    if meta.line_end == "CRCRLF":
        add(Issue("info", "fec.info.crcrlf", None, {}))


_ROW_CHECKS = {
    "fec.error.amount": ("(debit IS NULL OR credit IS NULL) AND NOT bad_sens", ("Debit", "Credit", "Montant")),
    "fec.error.sens": ("bad_sens", ("Montant", "Sens")),
    "fec.error.date": ("d IS NULL", ("EcritureDate",)),
}


def _row_errors(ledger: Ledger, add: Any, counts: dict[str, int]) -> None:
    """Row-level errors, each with its line number and the value as written in the file."""
    for code, (condition, columns) in _ROW_CHECKS.items():
        if not counts[code]:
            continue
        # condition: one of _ROW_CHECKS above; the in-memory ledger holds the uploaded file only
        rows = [r[0] for r in ledger.rows(f"SELECT row FROM entries WHERE {condition} ORDER BY row "  # noqa: S608
                                          f"LIMIT {ROW_ISSUES}")]
        raw = ledger.raw_values(rows, columns)
        for row in rows:
            values = raw.get(row, ())
            value = " / ".join(str(v).strip() for v in values) if code != "fec.error.date" else values[0].strip()
            add(Issue("error", code, ledger.data.line_of(row), {"value": value}))
        total = ledger.scalar(f"SELECT count(*) FROM entries WHERE {condition}") or 0  # noqa: S608 (_ROW_CHECKS)
        if total > len(rows):
            add(Issue("error", "fec.error.more_rows", None, {"count": total - len(rows), "kind": code}))


def _account_errors(ledger: Ledger, add: Any) -> None:
    """CompteNum must start with 3 chart-of-accounts digits (checked on distinct accounts, not rows)."""
    bad = [b for b in ledger.balances() if not (len(b.account) >= 3 and b.account[:3].isdigit())]
    for balance in sorted(bad, key=lambda b: b.first_row)[:ROW_ISSUES]:
        add(Issue("error", "fec.error.account", ledger.data.line_of(balance.first_row), {"value": balance.account}))
    if len(bad) > ROW_ISSUES:
        add(Issue("error", "fec.error.more_rows", None, {"count": len(bad) - ROW_ISSUES, "kind": "fec.error.account"}))


def _entry_balance(ledger: Ledger, report: ValidationReport) -> None:
    """Each (JournalCode, EcritureNum) must balance. When every journal carries a single entry number
    (EcritureNum "0" everywhere), entries cannot be rebuilt: only whole journals are checked (warning).
    The entry groups are kept in a small table that the journal checks reuse."""
    ledger.con.execute("""
        CREATE TEMP TABLE entry_groups AS
        SELECT ek, any_value(jc) AS jc, any_value(en_num) AS en_num, count(*) AS n, min(row) AS first,
               sum(debit) - sum(credit) AS diff
        FROM entries WHERE debit IS NOT NULL AND credit IS NOT NULL GROUP BY ek""")
    entries, journals, biggest, unbalanced = ledger.rows("""
        SELECT count(*), count(DISTINCT jc), max(n), count(*) FILTER (WHERE diff <> 0) FROM entry_groups""")[0]
    report.entries, report.journals = entries, journals
    degenerate = entries == journals and (biggest or 0) > 20
    groups = "entry_groups"
    if degenerate:
        report.entry_check = "journals"
        report.issues.append(Issue("warning", "fec.warning.entry_numbering", None, {"journals": journals}))
        groups = "(SELECT jc, min(first) AS first, sum(diff) AS diff FROM entry_groups GROUP BY jc)"
        unbalanced = ledger.scalar(f"SELECT count(*) FROM {groups} WHERE diff <> 0")  # noqa: S608 (groups: constant)
    report.unbalanced_entries = unbalanced or 0
    if not unbalanced:
        return
    listed = ledger.rows(f"SELECT first, diff FROM {groups} WHERE diff <> 0 "  # noqa: S608 (groups: one of two constants)
                         f"ORDER BY first LIMIT {ROW_ISSUES}")
    raw = ledger.raw_values([r[0] for r in listed], ("JournalCode", "EcritureNum"))
    code = "fec.error.unbalanced_journal" if degenerate else "fec.error.unbalanced_entry"
    for first, diff in listed:
        journal, number = (str(v).strip() for v in raw.get(first, ("", "")))
        report.issues.append(Issue("error", code, ledger.data.line_of(first),
                                   {"journal": journal, "entry": number, "difference": float(diff)}))
    if unbalanced > len(listed):
        report.issues.append(Issue("error", "fec.error.more_rows", None,
                                   {"count": unbalanced - len(listed), "kind": code}))


def _period_issues(report: ValidationReport, meta: Any, add: Any) -> None:
    closing = meta.name_closing_date
    start, end = report.period_start, report.period_end
    if closing and start and end:
        earliest = date(closing.year - 2, closing.month, 1)  # a first exercice may last up to 24 months
        if end > closing or start < earliest:
            add(Issue("warning", "fec.warning.period_vs_name", None, {
                "start": start.isoformat(), "end": end.isoformat(), "closing": closing.isoformat()}))
    if start and end and (end.year - start.year) * 12 + end.month - start.month >= 24:
        add(Issue("warning", "fec.warning.long_period", None, {"start": start.isoformat(), "end": end.isoformat()}))


def _journals(ledger: Ledger, add: Any) -> None:
    """À-nouveaux should come first (warning); gaps in numeric entry numbers are reported as info."""
    journals = ledger.rows("""SELECT jc, min(first), max(en_num) - min(en_num) + 1 - count(en_num)
                              FROM entry_groups GROUP BY jc ORDER BY min(first)""")
    labels = ledger.raw_values([j[1] for j in journals], ("JournalLib",))
    opening = [first for code, first, _ in journals
               if code.upper() in _AN_JOURNALS or "nouveau" in str(labels.get(first, ("",))[0]).lower()]
    if opening and min(opening) > journals[0][1]:
        add(Issue("warning", "fec.warning.opening_not_first", ledger.data.line_of(min(opening)), {}))
    gaps = [(code, count) for code, _, count in journals if count]
    for journal, count in sorted(gaps)[:ROW_ISSUES]:
        add(Issue("info", "fec.info.numbering_gaps", None, {"journal": journal, "count": count}))


def _unknown_accounts(ledger: Ledger, add: Any) -> None:
    soldes: dict[str, list] = {}
    for b in ledger.balances():
        entry = soldes.setdefault(b.account, [b.label, Decimal(0), b.first_row])
        entry[1] += b.solde
        entry[2] = min(entry[2], b.first_row)
    unknown = [(a, *v) for a, v in soldes.items() if a[:3].isdigit() and not is_known_account(a)]
    for account, label, solde, row in unknown[:ROW_ISSUES]:
        add(Issue("warning", "fec.warning.unknown_account", ledger.data.line_of(row),
                  {"account": account, "label": label, "solde": float(solde)}))
    if len(unknown) > ROW_ISSUES:
        add(Issue("warning", "fec.warning.more_unknown_accounts", None, {"count": len(unknown) - ROW_ISSUES}))
