"""Company financial analysis: FEC files or a manual 2033 entry -> liasse lines, SIG, CAF, bilan fonctionnel,
ratios, alerts, monthly series, exports. Pure Python (no Streamlit).

Entry points the page uses:
    inspect(file) -> (ValidationReport, YearAnalysis | None)   one FEC: report first, analysis when usable
    finalise(years) -> list[YearAnalysis]                      N first; growth, ratios, alerts
    analyse(*files) -> list[YearAnalysis]                      both steps; raises FecError on a broken file
    analyse_manual(years), manual_frame(), years_from_frame()  manual 2033-A/B entry
    build_template(), parse_template()                         its Excel template
    excel_report(years, lang), pdf_report(years, lang)         exports (imported lazily: matplotlib)
"""
from __future__ import annotations

from typing import Any

from finance.analysis import YearAnalysis, analyse, finalise, inspect
from finance.errors import FecError, Issue
from finance.fec import MAX_BYTES
from finance.validation import ValidationReport

_LAZY = {
    "ManualYear": "finance.manual", "analyse_manual": "finance.manual", "manual_frame": "finance.manual",
    "years_from_frame": "finance.manual", "build_template": "finance.template", "parse_template": "finance.template",
    "excel_report": "finance.export", "pdf_report": "finance.export", "all_tables": "finance.tables",
}

__all__ = ["MAX_BYTES", "FecError", "Issue", "ValidationReport", "YearAnalysis", "analyse", "finalise", "inspect",
           *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
