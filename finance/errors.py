"""Errors and validation issues with stable message keys (the text lives in i18n/messages/finance.json)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from finance.messages import text

SEVERITIES = ("error", "warning", "info")


def message_key(code: str) -> str:
    """Codes are written without the catalogue prefix ("fec.error.empty"); keys carry it."""
    return code if code.startswith("finance.") else f"finance.{code}"


class FecError(Exception):
    """A file (or manual entry) that cannot be analysed.

    `code` is a stable message key such as "fec.error.unbalanced_entry"; `line` is the 1-based line of the
    file (header = line 1) when the problem sits on one line; `details` fill the message placeholders.
    """

    def __init__(self, code: str, line: int | None = None, **details: Any) -> None:
        self.code = code
        self.line = line
        self.details = details
        self.report: Any = None  # the full ValidationReport, when the error comes from one
        super().__init__(self.message("en"))

    def message(self, lang: str = "fr") -> str:
        return text(message_key(self.code), lang, line=self.line, **self.details)

    def to_issue(self) -> Issue:
        return Issue("error", self.code, self.line, dict(self.details))


@dataclass
class Issue:
    """One finding of the validation report."""

    severity: str
    code: str
    line: int | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "fr") -> str:
        return text(message_key(self.code), lang, line=self.line, **self.details)

    def to_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "code": self.code, "line": self.line, "details": self.details}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Issue:
        return cls(data["severity"], data["code"], data.get("line"), dict(data.get("details") or {}))
