"""Alerts a manager can act on, each with a message key (finance.alert.<code>) and the figures it quotes."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

LEGAL_PAYMENT_DAYS = 60  # Code de commerce L441-10: 60 days from the invoice date at most
REPAYMENT_YEARS = 4  # banks look for financial debt below 3-4 years of CAF
FINANCIAL_COST_SHARE = 0.30
MIN_AUTONOMY = 0.20
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


@dataclass
class Alert:
    code: str
    severity: str  # critical, warning, info
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"finance.alert.{self.code}"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "values": self.values}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Alert:
        return cls(d["code"], d["severity"], dict(d.get("values") or {}))


def _r(value: float | None, digits: int = 2) -> float | int | None:
    if value is None:
        return None
    return round(value) if digits == 0 else round(value, digits)


def compute_alerts(v: dict[str, float], ratios: dict[str, float | None]) -> list[Alert]:
    """`v` holds SIG, CAF, bilan fonctionnel and statements inputs as floats (see ratios.ratio_inputs)."""
    alerts: list[Alert] = []

    def add(code: str, severity: str, **values: Any) -> None:
        alerts.append(Alert(code, severity, values))

    cp, capital = v["capitaux_propres"], v.get("capital_social", 0.0)
    if cp < 0:
        add("capitaux_propres_negatifs", "critical", capitaux_propres=_r(cp))
    elif capital > 0 and cp < capital / 2:  # L223-42 / L225-248: shareholders must decide within 4 months
        add("capitaux_propres_moitie_capital", "critical", capitaux_propres=_r(cp), capital=_r(capital))
    if v["tresorerie_nette"] < 0:
        add("tresorerie_negative", "critical", tresorerie_nette=_r(v["tresorerie_nette"]))
    if v["ebe"] < 0:
        add("ebe_negatif", "critical", ebe=_r(v["ebe"]))
    if v["caf"] < 0:
        add("caf_negative", "critical", caf=_r(v["caf"]))
    if v["resultat_net"] < 0:
        add("resultat_negatif", "warning", resultat_net=_r(v["resultat_net"]))
    clients_days = ratios.get("delai_clients")
    if clients_days is not None and clients_days > LEGAL_PAYMENT_DAYS:
        add("delai_clients", "warning", jours=_r(clients_days, 0), limite=LEGAL_PAYMENT_DAYS,
            clients=_r(v["clients"]))
    supplier_days = ratios.get("delai_fournisseurs")
    if supplier_days is not None and supplier_days > LEGAL_PAYMENT_DAYS:
        add("delai_fournisseurs", "warning", jours=_r(supplier_days, 0), limite=LEGAL_PAYMENT_DAYS)
    capacity = ratios.get("capacite_remboursement")
    if capacity is not None and capacity > REPAYMENT_YEARS:
        add("capacite_remboursement", "warning", annees=_r(capacity, 1), limite=REPAYMENT_YEARS)
    elif v["dettes_financieres"] > 0 and v["caf"] <= 0:
        add("dettes_sans_caf", "critical", dettes_financieres=_r(v["dettes_financieres"]))
    if v["frng"] < 0:
        add("frng_negatif", "warning", frng=_r(v["frng"]))
    weight = ratios.get("poids_frais_financiers")
    if weight is not None and weight > FINANCIAL_COST_SHARE:
        add("frais_financiers", "warning", part=_r(weight * 100, 0))
    autonomy = ratios.get("autonomie_financiere")
    if autonomy is not None and 0 <= autonomy < MIN_AUTONOMY:
        add("autonomie_faible", "warning", part=_r(autonomy * 100, 0))
    liquidity = ratios.get("liquidite_generale")
    if liquidity is not None and liquidity < 1:
        add("liquidite_faible", "warning", ratio=math.floor(liquidity * 100) / 100)  # 0.997 shows as 0.99
    growth = ratios.get("croissance_ca")
    if growth is not None and growth < -0.10:
        add("baisse_ca", "warning", part=_r(-growth * 100, 0))
    if v["marge_commerciale"] < 0 and v["achats_marchandises"] > 0 and v["ventes_marchandises"] == 0:
        add("marge_commerciale_comptes", "info", achats=_r(v["achats_marchandises"]))
    if v.get("resultat_non_affecte", 0.0):
        add("resultat_non_affecte", "info", montant=_r(v["resultat_non_affecte"]))
    if v.get("months", 12) != 12:
        add("exercice_non_annuel", "info", mois=int(v.get("months", 12)))
    alerts.sort(key=lambda a: SEVERITY_ORDER[a.severity])
    return alerts
