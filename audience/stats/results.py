"""What the query functions return: figures, key figures with their change, tables."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

SUMS = ("visitors", "visits", "pageviews", "bounces", "duration_s")
METRICS = ("visitors", "visits", "pageviews", "views_per_visit", "bounce_rate", "avg_duration")


@dataclass(frozen=True)
class Figures:
    visitors: int | None = None
    visits: int | None = None
    pageviews: int | None = None
    views_per_visit: float | None = None
    bounce_rate: float | None = None  # 0..1
    avg_duration: float | None = None  # seconds

    def get(self, metric: str) -> float | None:
        return getattr(self, metric)


@dataclass(frozen=True)
class KeyFigures:
    current: Figures
    previous: Figures | None
    source: str | None
    notes: tuple[str, ...] = ()

    def change(self, metric: str) -> float | None:
        """Relative change (0.25 = +25 %) against the comparison period; None when undefined."""
        if self.previous is None:
            return None
        now, before = self.current.get(metric), self.previous.get(metric)
        if now is None or before is None or before == 0:
            return None
        return (now - before) / before


@dataclass(frozen=True)
class Table:
    df: pd.DataFrame
    source: str | None  # dd | dv | dp | raw | None (not available)
    notes: tuple[str, ...] = ()

    @property
    def available(self) -> bool:
        return self.source is not None


@dataclass(frozen=True)
class Realtime:
    visitors: int
    pageviews: int
    pages: pd.DataFrame  # path, visitors, pageviews
    since: datetime


def derive(df: pd.DataFrame) -> pd.DataFrame:
    """Ratios from the sums; empty when a sum is missing (that table cannot give it)."""
    df = df.copy()
    for col in SUMS:
        if col in df:
            df[col] = pd.to_numeric(df[col]).astype("float64")
    visits = df["visits"].where(df["visits"] > 0) if "visits" in df else None
    if visits is not None:
        df["views_per_visit"] = df["pageviews"] / visits
        if "bounces" in df:
            df["bounce_rate"] = df["bounces"] / visits
        if "duration_s" in df:
            df["avg_duration"] = df["duration_s"] / visits
    return df


def figures_from_sums(sums: dict[str, float | None]) -> Figures:
    def num(key: str) -> int | None:
        value = sums.get(key)
        return None if value is None or pd.isna(value) else int(value)

    visits, pageviews = num("visits"), num("pageviews")
    bounces, duration = num("bounces"), num("duration_s")

    def ratio(part: int | None) -> float | None:
        return None if part is None or not visits else part / visits

    return Figures(visitors=num("visitors"), visits=visits, pageviews=pageviews,
                   views_per_visit=ratio(pageviews), bounce_rate=ratio(bounces), avg_duration=ratio(duration))
