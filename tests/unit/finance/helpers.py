"""Helpers for the finance tests: small hand-made FECs and the real files of shared/data/fec."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from finance.columns import STANDARD

DATA_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
FEC_DIR = DATA_DIR / "fec"
REAL_FILES = ("123456789FEC20500930.txt", "000000000FEC20231231.txt", "0000000001FEC20220831.txt",
              "111111111FEC20221231.TXT")


def real_file(name: str) -> Path:
    path = FEC_DIR / name
    if not path.is_file():
        pytest.skip(f"real FEC fixture {path} is absent (shared/data is not beside the project)")
    return path


def expected() -> dict:
    path = FEC_DIR / "expected.json"
    if not path.is_file():
        pytest.skip(f"{path} is absent (shared/data is not beside the project)")
    return json.loads(path.read_text(encoding="utf-8"))["files"]


def line(journal: str, number: str, day: str, account: str, debit: str = "0,00", credit: str = "0,00",
         aux: str = "", label: str = "Libellé", valid: str | None = None) -> dict[str, str]:
    """One FEC row as a dict of the 18 standard fields."""
    return {"JournalCode": journal, "JournalLib": f"Journal {journal}", "EcritureNum": number, "EcritureDate": day,
            "CompteNum": account, "CompteLib": f"Compte {account}", "CompAuxNum": aux, "CompAuxLib": aux and "Tiers",
            "PieceRef": f"P{number}", "PieceDate": day, "EcritureLib": label, "Debit": debit, "Credit": credit,
            "EcritureLet": "", "DateLet": "", "ValidDate": valid if valid is not None else day,
            "Montantdevise": "", "Idevise": ""}


def build(rows: list[dict[str, str]], *, header: tuple[str, ...] | list[str] = STANDARD, sep: str = "\t",
          eol: str = "\n", encoding: str = "utf-8", bom: bool = False, trailing: bool = False) -> bytes:
    """Serialise rows as a FEC; `header` may rename columns (values are looked up by the standard name of the
    same position, extra names get an empty value)."""
    names = list(header)
    keys = list(STANDARD) + [""] * (len(names) - len(STANDARD))
    end = sep if trailing else ""
    lines = [sep.join(names) + end] + [sep.join(r.get(k, "") for k in keys[: len(names)]) + end for r in rows]
    data = (eol.join(lines) + eol).encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def simple_rows() -> list[dict[str, str]]:
    """A small balanced FEC: opening balances, sales, purchases, payroll, bank."""
    return [
        line("AN", "1", "20230101", "10100000", credit="10000,00"),
        line("AN", "1", "20230101", "51200000", debit="8000,00"),
        line("AN", "1", "20230101", "37000000", debit="2000,00"),
        line("VE", "2", "20230115", "41100000", debit="1200,00", aux="C001"),
        line("VE", "2", "20230115", "70700000", credit="1000,00"),
        line("VE", "2", "20230115", "44571000", credit="200,00"),
        line("AC", "3", "20230120", "60700000", debit="500,00"),
        line("AC", "3", "20230120", "44566000", debit="100,00"),
        line("AC", "3", "20230120", "40100000", credit="600,00", aux="F001"),
        line("BQ", "4", "20230210", "51200000", debit="1200,00"),
        line("BQ", "4", "20230210", "41100000", credit="1200,00", aux="C001"),
        line("OD", "5", "20230228", "64100000", debit="300,00"),
        line("OD", "5", "20230228", "51200000", credit="300,00"),
    ]


def write(tmp_path: Path, data: bytes, name: str = "123456789FEC20231231.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path
