"""Ready-made activities: the NAF codes that together make a kind of business, the household spending
item (COICOP poste) its customers pay from, and a starting share of that spending going to this kind
of business. The shares are the study's assumptions, shown, explained and editable on the page; they
are starting points, not statistics.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Activity:
    key: str                   # catalogue key market.activity.<key>
    codes: tuple[str, ...]     # NAF rév. 2 sous-classes
    coicop: str                # household spending poste
    share: float               # share of that poste's spending going to this kind of business


ACTIVITIES: tuple[Activity, ...] = (
    Activity("bakery", ("10.71C", "10.71D", "47.24Z"), "01.1.1", 0.55),
    Activity("restaurant", ("56.10A", "56.10C"), "11.1.1", 0.75),
    Activity("hairdresser", ("96.02A",), "12.1.1", 0.85),
    Activity("florist", ("47.76Z",), "09.3.3", 0.6),
    Activity("pharmacy", ("47.73Z",), "06.1.1", 0.9),
    Activity("clothing", ("47.71Z",), "03.1.2", 0.35),
)
BY_KEY = {a.key: a for a in ACTIVITIES}
