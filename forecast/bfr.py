"""BFR normatif, méthode des experts-comptables (reference §4.6; W7).

Each component: délai d'écoulement TE (days) × coefficient de structure CS (its yearly flow / CA HT) = days
of CA HT; BFR (days) = Σ emplois − Σ ressources; BFR (€) = yearly CA HT × days / 360.
"""
from __future__ import annotations

from typing import Any

# TE of the VAT to pay: the delay to the payment after the period, plus half the period (§4.6 gives
# 20 + 30/2 for a monthly CA3); the réel simplifié's first years have no acomptes: CA12 in May N+1.
VAT_DAYS = {"monthly": 35.0, "quarterly": 65.0, "simplifie": 315.0, "franchise": 0.0}
WAGES_DAYS = 15.0  # net pay at the end of the month
SOCIAL_DAYS = 30.0  # contributions the month after


def component(name: str, side: str, te_days: float, cs: float) -> dict[str, Any]:
    return {"name": name, "side": side, "te_days": te_days, "cs": cs, "days": te_days * cs}


def bfr_normatif(components: list[dict[str, Any]], yearly_revenue: float) -> dict[str, Any]:
    days = sum(c["days"] if c["side"] == "emploi" else -c["days"] for c in components)
    return {"components": components, "days": days, "amount": yearly_revenue * days / 360}
