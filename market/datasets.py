"""Importing the official files: `import_file("sirene", path)` checks the file against its published
layout, then hands it to the data module, which swaps the new dataset in only once it is complete.

The dataset's date is the file's (the zip member's date, else its modification date) unless the
operator gives it: it is printed on every figure ("Sirene au 30/11/2026").
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import i18n
from market import store
from market.errors import MarketError
from market.files import open_source
from market.layouts import IMPORT_KINDS


@dataclass(frozen=True)
class ImportResult:
    kind: str          # the dataset replaced (cog gives cog_communes, cog_departements or epci)
    rows: int
    file_date: date


def import_file(kind: str, path: Path, *, file_date: date | None = None, demo: bool = False,
                progress: Callable[[float, str], None] | None = None) -> ImportResult:
    if kind not in IMPORT_KINDS:
        raise MarketError("market.import.error.kind", kind=kind, kinds=", ".join(IMPORT_KINDS))
    if progress:
        progress(0.0, "market.progress.read_header")
    with open_source(Path(path), IMPORT_KINDS[kind], store.work_dir()) as source:
        when = file_date or source.file_date
        rows = store.import_source(source, file_date=when, demo=demo, progress=progress)
    return ImportResult(source.layout.kind, rows, when)


def dataset_label(kind: str, lang: str) -> str | None:
    """'Sirene au 30/11/2026' (with 'données de démonstration' for generated data), or None if absent."""
    found = store.datasets().get(kind)
    if found is None:
        return None
    label = i18n.t(f"market.dataset.{kind}", lang, date=found.file_date.strftime("%d/%m/%Y"))
    return f"{label} — {i18n.t('market.demo_label', lang)}" if found.demo else label
