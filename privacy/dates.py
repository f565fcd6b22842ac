"""Calendar arithmetic for legal time limits."""
from __future__ import annotations

import calendar
from datetime import datetime


def add_months(moment: datetime, months: int) -> datetime:
    """Same day n months later, or that month's last day when it has no such day.

    Regulation (EEC, Euratom) 1182/71 art. 3(2)(c): 31 January + 1 month = 28/29 February.
    """
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
