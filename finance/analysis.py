"""One entry point: FEC files (or manual 2033 years) -> one YearAnalysis per fiscal year, N first.

`inspect` parses and validates one file and analyses it when it is usable (the page shows the report
first); `analyse` does that for every file and raises FecError on the first broken one; `finalise`
adds what needs the other years (growth, ratios, alerts). `YearAnalysis.to_dict()` is the CLI JSON and
round-trips through `from_dict` for saving.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from finance.alerts import Alert, compute_alerts
from finance.errors import FecError
from finance.fec import MAX_BYTES, Source, read_fec
from finance.ledger import Balance, Ledger
from finance.ratios import DEFAULT_TVA_RATE, compute_ratios, ratio_inputs
from finance.series import monthly_series
from finance.sig import compute_bilan_fonctionnel, compute_caf, compute_sig
from finance.statements import Statements, from_balances
from finance.validation import ValidationReport, validate
from i18n import format_day

HEADLINE = ("chiffre_affaires", "marge_commerciale", "production", "valeur_ajoutee", "ebe",
            "resultat_exploitation", "rcai", "resultat_exceptionnel", "impot_societes", "resultat_net")
CENT = Decimal("0.005")  # checks compare exact decimals; half a cent absorbs manual-entry rounding
SCHEMA = "finance.year_analysis/1"


@dataclass
class YearAnalysis:
    source: str  # file name, or "manual"
    kind: str  # "fec" or "manual"
    siren: str | None
    closing_date: date | None
    period_start: date | None
    period_end: date | None
    months: int
    sig: dict[str, Decimal]
    caf: dict[str, Decimal]
    bilan: dict[str, Decimal]
    statements: Statements
    checks: dict[str, dict[str, Any]]
    ratios: dict[str, float | None] = field(default_factory=dict)
    alerts: list[Alert] = field(default_factory=list)
    series: dict[str, list[Any]] = field(default_factory=dict)
    validation: ValidationReport | None = None
    accounts: list[dict[str, Any]] = field(default_factory=list)  # balance générale per account

    @property
    def label(self) -> str:
        """ISO closing date (or the source): file and sheet names, JSON, the CLI."""
        return self.closing_date.isoformat() if self.closing_date else self.source

    def display_label(self, lang: str) -> str:
        """The closing date as readers of `lang` write it (31/12/2018), or the source file name."""
        return format_day(self.closing_date, lang) if self.closing_date else self.source

    def to_dict(self) -> dict[str, Any]:
        st = self.statements
        out: dict[str, Any] = {"schema": SCHEMA, "source": self.source, "kind": self.kind, "siren": self.siren,
                               "closing_date": _iso(self.closing_date), "period_start": _iso(self.period_start),
                               "period_end": _iso(self.period_end), "months": self.months}
        out.update({k: _f(self.sig[k]) for k in HEADLINE})
        out.update(caf=_f(self.caf["caf"]), frng=_f(self.bilan["frng"]), bfr=_f(self.bilan["bfr"]),
                   tresorerie_nette=_f(self.bilan["tresorerie_nette"]))
        out.update(ratios=self.ratios, checks=self.checks, alerts=[a.to_dict() for a in self.alerts],
                   sig=_money(self.sig), caf_detail=_money(self.caf), bilan_fonctionnel=_money(self.bilan),
                   postes=_money(st.postes), functional=_money(st.functional),
                   liasse={"2050": _money(st.liasse_2050), "2033": _money(st.liasse_2033)},
                   result_6_7=None if st.result_6_7 is None else _f(st.result_6_7),
                   unclassified_accounts=[[a, _f(s)] for a, s in st.unclassified],
                   series=self.series, accounts=self.accounts,
                   validation=self.validation.to_dict() if self.validation else None)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> YearAnalysis:
        st = Statements(d["kind"], _dec(d["postes"]), _dec(d["functional"]), _dec(d["liasse"]["2050"]),
                        _dec(d["liasse"]["2033"]),
                        None if d.get("result_6_7") is None else Decimal(str(d["result_6_7"])),
                        [(a, Decimal(str(s))) for a, s in d.get("unclassified_accounts") or []])
        return cls(d["source"], d["kind"], d.get("siren"), _date(d.get("closing_date")),
                   _date(d.get("period_start")), _date(d.get("period_end")), d["months"], _dec(d["sig"]),
                   _dec(d["caf_detail"]), _dec(d["bilan_fonctionnel"]), st, d["checks"], d["ratios"],
                   [Alert.from_dict(a) for a in d["alerts"]], d.get("series") or {},
                   ValidationReport.from_dict(d["validation"]) if d.get("validation") else None,
                   d.get("accounts") or [])


def _f(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01")))


def _money(values: dict[str, Decimal]) -> dict[str, float]:
    return {k: _f(v) for k, v in sorted(values.items())}


def _dec(values: dict[str, float]) -> dict[str, Decimal]:
    return {k: Decimal(str(v)) for k, v in values.items()}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _months(start: date | None, end: date | None) -> int:
    if not start or not end:
        return 12
    return max(1, (end.year - start.year) * 12 + end.month - start.month + 1)


def _check(a: Decimal, b: Decimal, **extra: Any) -> dict[str, Any]:
    return {"ok": abs(a - b) < CENT, "difference": _f(a - b), **extra}


def build_year(statements: Statements, *, source: str, kind: str, siren: str | None = None,
               closing_date: date | None = None, period_start: date | None = None,
               period_end: date | None = None, months: int | None = None) -> YearAnalysis:
    """SIG, CAF, bilan fonctionnel and the checks of one year (ratios and alerts come in `finalise`)."""
    sig = compute_sig(statements.postes)
    caf = compute_caf(statements.postes, sig)
    bilan = compute_bilan_fonctionnel(statements.functional)
    checks = {
        "caf_methods_agree": _check(caf["caf_additive"], caf["caf_soustractive"],
                                    additive=_f(caf["caf_additive"]), soustractive=_f(caf["caf_soustractive"])),
        "frng_bfr_tn": _check(bilan["frng"] - bilan["bfr"], bilan["tresorerie_nette"]),
    }
    if statements.result_6_7 is not None:  # every class 6/7 account reached the SIG chain
        checks["mapping_complete"] = _check(sig["resultat_net"], statements.result_6_7)
    lines = statements.liasse_2050 or {}
    if lines:
        checks["bilan_balanced"] = _check(lines["CO"] - lines["1A"], lines["EE"])
    else:
        l33 = statements.liasse_2033
        checks["bilan_balanced"] = _check(l33.get("110", Decimal(0)) - l33.get("112", Decimal(0)),
                                          l33.get("180", Decimal(0)))
    return YearAnalysis(source, kind, siren, closing_date, period_start, period_end,
                        months or _months(period_start, period_end), sig, caf, bilan, statements, checks)


def _closing(report: ValidationReport, name_date: date | None) -> date | None:
    """The file-name closing date when the entries agree with it, else the month end of the last entry."""
    start, end = report.period_start, report.period_end
    if name_date and start and end and start >= date(name_date.year - 2, name_date.month, 1) and end <= name_date:
        return name_date
    return _month_end(end) if end else name_date


def inspect(source: Source, name: str | None = None, *, max_bytes: int | None = MAX_BYTES,
            threads: int | None = None, customer_credit: str = "EA") -> tuple[ValidationReport, YearAnalysis | None]:
    """Validation report of one FEC and, when it has no error, its analysis (not yet finalised).
    `customer_credit`: liasse line of customers in credit, "EA" (autres dettes) or "DW" (avances reçues)."""
    try:
        data = read_fec(source, name, max_bytes=max_bytes)
    except FecError as exc:
        label = name or (str(source) if isinstance(source, str) else getattr(source, "name", None))
        return ValidationReport({"file_name": label}, issues=[exc.to_issue()]), None
    with Ledger(data, threads) as ledger:
        report = validate(ledger)
        if not report.ok:
            return report, None
        balances = ledger.balances()
        series = monthly_series(ledger)
    meta = data.meta
    year = build_year(from_balances(balances, customer_credit), source=meta.file_name or "fec", kind="fec",
                      siren=meta.siren, closing_date=_closing(report, meta.name_closing_date),
                      period_start=report.period_start, period_end=report.period_end)
    year.checks["entries_balanced"] = {
        "ok": report.balanced, "total_debit": float(report.total_debit), "total_credit": float(report.total_credit),
        "unbalanced": report.unbalanced_entries, "level": report.entry_check}
    year.series, year.validation, year.accounts = series, report, _trial_balance(balances)
    return report, year


def _trial_balance(balances: list[Balance]) -> list[dict[str, Any]]:
    """Balance générale per account (auxiliary accounts summed), for the tables and the Excel export."""
    accounts: dict[str, dict[str, Any]] = {}
    for b in balances:
        row = accounts.setdefault(b.account, {"account": b.account, "label": b.label, "debit": Decimal(0),
                                              "credit": Decimal(0)})
        row["debit"] += b.debit
        row["credit"] += b.credit
    return [{**row, "debit": float(row["debit"]), "credit": float(row["credit"])} for row in accounts.values()]


def finalise(years: list[YearAnalysis], tva_rate: float = DEFAULT_TVA_RATE) -> list[YearAnalysis]:
    """Most recent year first; growth against the year before; ratios and alerts."""
    ordered = sorted(years, key=lambda y: y.closing_date or date.min, reverse=True)
    for index, year in enumerate(ordered):
        previous = ordered[index + 1] if index + 1 < len(ordered) else None
        if previous and year.siren and previous.siren and year.siren != previous.siren:
            previous = None  # another company: no growth figure
        values = ratio_inputs(year.statements.postes, year.statements.functional, year.sig, year.caf, year.bilan,
                              months=year.months, tva_rate=tva_rate,
                              chiffre_affaires_precedent=previous.sig["chiffre_affaires"] if previous else None)
        year.ratios = compute_ratios(values)
        year.alerts = compute_alerts(values, year.ratios)
    return ordered


def analyse(*sources: Source, names: list[str | None] | None = None, max_bytes: int | None = MAX_BYTES,
            tva_rate: float = DEFAULT_TVA_RATE, threads: int | None = None,
            customer_credit: str = "EA") -> list[YearAnalysis]:
    """Analyse one FEC per fiscal year. Raises FecError (message key + line) on the first broken file;
    the exception carries the full validation report as `.report`."""
    years = []
    for index, source in enumerate(sources):
        name = names[index] if names and index < len(names) else None
        report, year = inspect(source, name, max_bytes=max_bytes, threads=threads, customer_credit=customer_credit)
        if year is None:
            first = report.errors[0]
            error = FecError(first.code, first.line, **first.details)
            error.report = report
            raise error
        years.append(year)
    return finalise(years, tva_rate)
