"""Compte de résultat (through finance.sig, the company analysis' SIG code), bilan and financing plans,
built from the monthly flows once the IS and the cash are known.

The bilan at a closing is the cumulated difference between each accrual and its cash counterpart
(clients = sales TTC − receipts, fournisseurs = purchases TTC − payments, ...), so it balances whenever every
flow has both sides; the engine's tests check it on random plans.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np

from finance.sig import compute_caf, compute_sig
from forecast.flows import LAUNCH_MONTHS, Flows, increments

POSTES = ("ventes_marchandises", "production_vendue_biens", "production_vendue_services", "achats_marchandises",
          "variation_stock_marchandises", "achats_matieres", "variation_stock_matieres",
          "autres_achats_charges_externes", "subventions_exploitation", "impots_taxes", "salaires",
          "charges_sociales", "dotations_amortissements", "interets", "impots_benefices")


def monthly_postes(flows: Flows, overdraft_interest: np.ndarray) -> dict[str, np.ndarray]:
    """The compte de résultat postes month by month (IS excluded: it is booked at each closing)."""
    g = flows.get
    return {
        "ventes_marchandises": g("pl_sales_goods"),
        "production_vendue_biens": g("pl_sales_production"),
        "production_vendue_services": g("pl_sales_services"),
        "achats_marchandises": g("pl_purchases_goods") + g("pl_vat_cost_goods"),
        "variation_stock_marchandises": -increments(g("stock_goods")),
        "achats_matieres": g("pl_purchases_production") + g("pl_vat_cost_production"),
        "variation_stock_matieres": -increments(g("stock_production")),
        "autres_achats_charges_externes": g("pl_external"),
        "subventions_exploitation": g("pl_subsidies"),
        "impots_taxes": g("pl_taxes"),
        "salaires": g("pl_wages"),
        "charges_sociales": g("pl_social"),
        "dotations_amortissements": g("pl_depreciation"),
        "interets": g("pl_interest") + overdraft_interest,
    }


def result_before_tax(postes: dict[str, np.ndarray]) -> np.ndarray:
    """RCAI month by month (the model has no exceptional items)."""
    products = (postes["ventes_marchandises"] + postes["production_vendue_biens"]
                + postes["production_vendue_services"] + postes["subventions_exploitation"])
    charges = sum(postes[k] for k in POSTES[3:8] + POSTES[9:14])
    return products - charges


def variable_costs(postes: dict[str, np.ndarray], flows: Flows) -> np.ndarray:
    """Costs that follow the turnover: goods and materials consumed, micro contributions."""
    micro = flows.get("pl_micro_social")
    return (postes["achats_marchandises"] + postes["variation_stock_marchandises"] + postes["achats_matieres"]
            + postes["variation_stock_matieres"] + micro)


def _dec(value: float) -> Decimal:
    """The float exactly (not rounded): every SIG total is rounded once, at the end, so the résultat of the
    compte de résultat is the bilan's to the cent."""
    return Decimal(repr(value))


def income_statement(postes: dict[str, np.ndarray], first: int, last: int, tax: float) -> dict[str, Any]:
    """One exercice's compte de résultat: postes, the SIG and the CAF (both ways) of finance.sig."""
    sums = {k: float(v[first:last + 1].sum()) for k, v in postes.items()}
    sums["impots_benefices"] = tax
    decimal_postes = {k: _dec(v) for k, v in sums.items()}
    sig = compute_sig(decimal_postes)
    caf = compute_caf(decimal_postes, sig)
    return {"postes": _round(sums), "sig": _round(sig), "caf": _round(caf),
            "caf_methods_agree": abs(caf["caf_additive"] - caf["caf_soustractive"]) < Decimal("0.005")}


def _round(values: dict[str, float]) -> dict[str, float]:
    return {k: round(float(v), 2) for k, v in values.items()}


def balance_items(flows: Flows, opening, cash: np.ndarray, tax_cash: np.ndarray, vat_cash: np.ndarray,
                  monthly_result: np.ndarray, m: int) -> dict[str, float]:
    """Every balance-sheet amount at the end of month m, signed (assets +, debts +)."""
    def cum(name: str) -> float:
        return float(np.sum(flows.get(name)[:m + 1]))

    items = {
        "fixed_gross": opening.fixed_assets + cum("bs_fixed_gross"),
        "depreciation": cum("pl_depreciation"),
        "stocks": opening.stocks + float(flows.get("stock_goods")[m] + flows.get("stock_production")[m]),
        "clients": cum("bs_sales_ttc") - cum("cash_sales") + opening.receivables - cum("cash_opening_receivables"),
        "vat": cum("vat_collected") - cum("vat_deductible") + float(vat_cash[:m + 1].sum()),  # + = owed
        "suppliers": cum("bs_supplier_ttc") + cum("cash_suppliers") + opening.payables + cum("cash_opening_payables"),
        "social": cum("bs_social_accrued") + cum("cash_social"),
        "taxes": cum("bs_tax_accrued") + cum("cash_taxes"),
        "corporate_tax": float(np.sum(flows.get("is_accrued")[:m + 1]) + tax_cash[:m + 1].sum()),
        "accrued_interest": cum("pl_interest") - cum("bs_interest_paid"),
        "loans": cum("bs_loan_in") + cum("bs_loan_capitalised") - cum("bs_loan_principal"),
        "opening_debts": opening.financial_debts - cum("bs_opening_debt_repaid"),
        "current_accounts": cum("cash_current_accounts") + cum("cash_honour_loans"),
        "capital": cum("cash_equity") + cum("bs_equity_in_kind"),
        "opening_equity": (opening.fixed_assets + opening.stocks + opening.receivables + opening.cash
                           - opening.payables - opening.financial_debts),
        "investment_subsidies": cum("bs_investment_subsidies"),
        "withdrawals": cum("bs_withdrawals"),
        "results": float(monthly_result[:m + 1].sum()),
        "cash": float(cash[m]),
    }
    return items


def bilan(items: dict[str, float], result_of_exercice: float) -> dict[str, Any]:
    """The simplified bilan: negative working-capital items move to the other side."""
    def pos(v: float) -> float:
        return max(0.0, v)

    def neg(v: float) -> float:
        return max(0.0, -v)

    actif = {
        "immobilisations_brutes": items["fixed_gross"],
        "amortissements": -items["depreciation"],
        "immobilisations_nettes": items["fixed_gross"] - items["depreciation"],
        "stocks": items["stocks"],
        "clients": pos(items["clients"]),
        "autres_creances": neg(items["vat"]) + neg(items["social"]) + neg(items["taxes"])
        + neg(items["corporate_tax"]) + neg(items["suppliers"]) + neg(items["accrued_interest"]),
        "disponibilites": pos(items["cash"]),
    }
    equity = {
        "capital": items["capital"] + items["opening_equity"],
        "report_a_nouveau": items["results"] - result_of_exercice - items["withdrawals"],
        "resultat": result_of_exercice,
        "subventions_investissement": items["investment_subsidies"],
    }
    passif = {
        **equity,
        "capitaux_propres": sum(equity.values()),
        "emprunts": items["loans"] + items["opening_debts"] + pos(items["accrued_interest"]),
        "comptes_courants": items["current_accounts"],
        "fournisseurs": pos(items["suppliers"]),
        "dettes_fiscales_sociales": pos(items["vat"]) + pos(items["social"]) + pos(items["taxes"])
        + pos(items["corporate_tax"]),
        "autres_dettes": neg(items["clients"]),  # customers' advances (never in practice: rounding)
        "concours_bancaires": neg(items["cash"]),
    }
    total_actif = sum(v for k, v in actif.items() if k not in ("immobilisations_brutes", "amortissements"))
    total_passif = sum(v for k, v in passif.items() if k not in equity)
    return {"actif": _round(actif), "passif": _round(passif), "total_actif": round(total_actif, 2),
            "total_passif": round(total_passif, 2), "balanced": abs(total_actif - total_passif) < 0.01,
            "difference": total_actif - total_passif}


def working_capital(items: dict[str, float]) -> float:
    """BFR of the bilan (everything that is neither fixed, financing nor cash)."""
    return (items["stocks"] + items["clients"] - items["vat"] - items["suppliers"] - items["social"]
            - items["taxes"] - items["corporate_tax"] - items["accrued_interest"])


def initial_financing_plan(plan, flows: Flows) -> dict[str, Any]:
    """Day-0 plan: the launch's needs (investments of the first months, initial stock, BFR de démarrage,
    VAT on investments) against its resources; the gap is the loan to ask for."""
    window = slice(0, LAUNCH_MONTHS)
    needs = {"frais_etablissement": 0.0, "incorporels": 0.0, "corporels": 0.0, "depots": 0.0}
    for item in flows.lines["investments"]:
        if item["month"] < LAUNCH_MONTHS:
            category = item["investment"].category
            key = {"frais_etablissement": "frais_etablissement", "logiciel": "incorporels",
                   "fonds_commercial": "incorporels", "depot": "depots"}.get(category, "corporels")
            needs[key] += item["base"]
    year = slice(0, 12)
    needs["stock_initial"] = float(flows.get("stock_goods")[0] + flows.get("stock_production")[0])
    needs["bfr_demarrage"] = max(0.0, float(flows.get("bfr_customer_days_weight")[year].sum()
                                            - flows.get("bfr_supplier_days_weight")[year].sum()) / 360)
    needs["tva_investissements"] = float(flows.get("vat_on_investments")[window].sum())
    resources = {
        "capital": float(flows.get("cash_equity")[window].sum()),
        "apports_nature": float(flows.get("bs_equity_in_kind")[window].sum()),
        "comptes_courants": float(flows.get("cash_current_accounts")[window].sum()),
        "prets_honneur": float(flows.get("cash_honour_loans")[window].sum()),
        "subventions": float(flows.get("cash_subsidies")[window].sum()),
        "emprunts": float(flows.get("cash_loans")[window].sum()),
        "tresorerie_initiale": max(0.0, plan.opening.cash),
    }
    total_needs, total_resources = sum(needs.values()), sum(resources.values())
    gap = total_needs - total_resources
    own = resources["capital"] + resources["apports_nature"] + resources["comptes_courants"] \
        + resources["prets_honneur"]
    return {"needs": _round(needs), "resources": _round(resources), "total_needs": round(total_needs, 2),
            "total_resources": round(total_resources, 2), "gap": round(gap, 2), "balanced": gap <= 0.5,
            "proposed_loan": round(max(0.0, gap), 2), "surplus": round(max(0.0, -gap), 2),
            "equity_share": own / total_needs if total_needs else None, "launch_months": LAUNCH_MONTHS}


def yearly_financing_plan(flows: Flows, first: int, last: int, caf: float, bfr_change: float,
                          cash_change: float) -> dict[str, Any]:
    """One exercice's plan de financement: besoins vs ressources durables; the surplus is the change in
    cash (checked against the cash plan)."""
    def total(name: str) -> float:
        return float(flows.get(name)[first:last + 1].sum())

    needs = {"investissements": total("bs_fixed_gross"), "variation_bfr": bfr_change,
             "remboursements_emprunts": total("bs_loan_principal") + total("bs_opening_debt_repaid"),
             "prelevements": total("bs_withdrawals")}
    resources = {"caf": caf, "apports": total("cash_equity") + total("bs_equity_in_kind"),
                 "comptes_courants": total("cash_current_accounts") + total("cash_honour_loans"),
                 "emprunts": total("cash_loans") + total("bs_loan_capitalised"),
                 "subventions_investissement": total("bs_investment_subsidies")}
    surplus = sum(resources.values()) - sum(needs.values())
    return {"needs": _round(needs), "resources": _round(resources), "total_needs": round(sum(needs.values()), 2),
            "total_resources": round(sum(resources.values()), 2), "variation_tresorerie": round(surplus, 2),
            "matches_cash_plan": abs(surplus - cash_change) < 0.01}
