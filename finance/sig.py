"""Soldes intermédiaires de gestion, CAF (two methods) and bilan fonctionnel (reference §3.1-3.3)."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

ZERO = Decimal(0)
PRODUITS_FINANCIERS = ("produits_participations", "produits_autres_valeurs", "autres_interets",
                       "reprises_financieres", "transferts_charges_financieres", "gains_change",
                       "produits_cessions_vmp")
CHARGES_FINANCIERES = ("dotations_financieres", "interets", "pertes_change", "charges_cessions_vmp")
PRODUITS_EXCEPTIONNELS = ("produits_exceptionnels_gestion", "produits_cessions_actif", "quote_part_subventions",
                          "autres_produits_exceptionnels_capital", "reprises_exceptionnelles",
                          "transferts_charges_exceptionnelles")
CHARGES_EXCEPTIONNELLES = ("charges_exceptionnelles_gestion", "valeur_comptable_cessions",
                           "autres_charges_exceptionnelles_capital", "dotations_exceptionnelles")
DOTATIONS_EXPLOITATION = ("dotations_amortissements", "dotations_depreciations_immobilisations",
                          "dotations_depreciations_actif_circulant", "dotations_provisions")


def _sum(p: dict[str, Decimal], names: tuple[str, ...]) -> Decimal:
    return sum((p[n] for n in names), ZERO)


def compute_sig(postes: dict[str, Decimal]) -> dict[str, Decimal]:
    """The PCG chain: marge commerciale -> production -> VA -> EBE -> REX -> RCAI -> résultat net."""
    p: dict[str, Decimal] = defaultdict(Decimal, postes)
    s: dict[str, Decimal] = {}
    s["ventes_marchandises"] = p["ventes_marchandises"]
    s["production_vendue"] = p["production_vendue_biens"] + p["production_vendue_services"]
    s["chiffre_affaires"] = s["ventes_marchandises"] + s["production_vendue"]
    s["cout_achat_marchandises_vendues"] = p["achats_marchandises"] + p["variation_stock_marchandises"]
    s["marge_commerciale"] = s["ventes_marchandises"] - s["cout_achat_marchandises_vendues"]
    s["production"] = s["production_vendue"] + p["production_stockee"] + p["production_immobilisee"]
    s["consommations"] = p["achats_matieres"] + p["variation_stock_matieres"] + p["autres_achats_charges_externes"]
    s["valeur_ajoutee"] = s["marge_commerciale"] + s["production"] - s["consommations"]
    s["subventions_exploitation"] = p["subventions_exploitation"]
    s["impots_taxes"] = p["impots_taxes"]
    s["charges_personnel"] = p["salaires"] + p["charges_sociales"]
    s["ebe"] = s["valeur_ajoutee"] + s["subventions_exploitation"] - s["impots_taxes"] - s["charges_personnel"]
    s["reprises_transferts"] = p["reprises_exploitation"] + p["transferts_charges_exploitation"]
    s["autres_produits"] = p["autres_produits"]
    s["dotations"] = _sum(p, DOTATIONS_EXPLOITATION)
    s["autres_charges"] = p["autres_charges"]
    s["resultat_exploitation"] = (s["ebe"] + s["reprises_transferts"] + s["autres_produits"] - s["dotations"]
                                  - s["autres_charges"])
    s["quotes_parts"] = p["quote_part_benefice"] - p["quote_part_perte"]
    s["produits_financiers"] = _sum(p, PRODUITS_FINANCIERS)
    s["charges_financieres"] = _sum(p, CHARGES_FINANCIERES)
    s["resultat_financier"] = s["produits_financiers"] - s["charges_financieres"]
    s["rcai"] = s["resultat_exploitation"] + s["quotes_parts"] + s["resultat_financier"]
    s["produits_exceptionnels"] = _sum(p, PRODUITS_EXCEPTIONNELS)
    s["charges_exceptionnelles"] = _sum(p, CHARGES_EXCEPTIONNELLES)
    s["resultat_exceptionnel"] = s["produits_exceptionnels"] - s["charges_exceptionnelles"]
    s["participation"] = p["participation"]
    s["impot_societes"] = p["impots_benefices"]
    s["resultat_net"] = s["rcai"] + s["resultat_exceptionnel"] - s["participation"] - s["impot_societes"]
    s["plus_values_cessions"] = p["produits_cessions_actif"] - p["valeur_comptable_cessions"]
    s["interets"] = p["interets"]
    return s


def compute_caf(postes: dict[str, Decimal], sig: dict[str, Decimal]) -> dict[str, Decimal]:
    """CAF from the EBE (soustractive: encaissable items only) and from the résultat (additive: add back
    calculated charges, remove calculated products and capital gains). Both must give the same number."""
    p: dict[str, Decimal] = defaultdict(Decimal, postes)
    c: dict[str, Decimal] = {"ebe": sig["ebe"]}
    c["autres_produits_charges_encaissables"] = (
        p["transferts_charges_exploitation"] + p["autres_produits"] - p["autres_charges"]
        + p["quote_part_benefice"] - p["quote_part_perte"])
    c["financier_encaissable"] = (sig["produits_financiers"] - p["reprises_financieres"]
                                  - (sig["charges_financieres"] - p["dotations_financieres"]))
    c["exceptionnel_encaissable"] = (
        p["produits_exceptionnels_gestion"] + p["autres_produits_exceptionnels_capital"]
        + p["transferts_charges_exceptionnelles"]
        - p["charges_exceptionnelles_gestion"] - p["autres_charges_exceptionnelles_capital"])
    c["participation_impot"] = p["participation"] + p["impots_benefices"]
    c["caf_soustractive"] = (c["ebe"] + c["autres_produits_charges_encaissables"] + c["financier_encaissable"]
                             + c["exceptionnel_encaissable"] - c["participation_impot"])
    c["resultat_net"] = sig["resultat_net"]
    c["dotations_calculees"] = sig["dotations"] + p["dotations_financieres"] + p["dotations_exceptionnelles"]
    c["reprises_calculees"] = p["reprises_exploitation"] + p["reprises_financieres"] + p["reprises_exceptionnelles"]
    c["valeur_comptable_cessions"] = p["valeur_comptable_cessions"]
    c["produits_cessions_actif"] = p["produits_cessions_actif"]
    c["quote_part_subventions"] = p["quote_part_subventions"]
    c["caf_additive"] = (c["resultat_net"] + c["dotations_calculees"] - c["reprises_calculees"]
                         + c["valeur_comptable_cessions"] - c["produits_cessions_actif"]
                         - c["quote_part_subventions"])
    c["caf"] = c["caf_additive"]
    return c


def compute_bilan_fonctionnel(f: dict[str, Decimal]) -> dict[str, Decimal]:
    """FRNG = ressources stables - emplois stables; BFR (exploitation + hors exploitation); TN. The identity
    FRNG - BFR = TN holds whenever the file balances and every class 1-5 account is classified."""
    f = defaultdict(Decimal, f)
    b: dict[str, Decimal] = {}
    b["capitaux_propres"] = f["capitaux_propres"]
    b["amortissements_depreciations"] = f["amortissements_depreciations"]
    b["provisions"] = f["provisions"]
    b["dettes_financieres"] = f["dettes_financieres"]
    b["ressources_stables"] = (f["capitaux_propres"] + f["amortissements_depreciations"] + f["provisions"]
                               + f["dettes_financieres"])
    b["emplois_stables"] = f["emplois_stables"]
    b["frng"] = b["ressources_stables"] - b["emplois_stables"]
    b["stocks"] = f["stocks"]
    b["creances_exploitation"] = f["creances_exploitation"]
    b["dettes_exploitation"] = f["dettes_exploitation"]
    b["bfr_exploitation"] = f["stocks"] + f["creances_exploitation"] - f["dettes_exploitation"]
    b["creances_hors_exploitation"] = f["creances_hors_exploitation"]
    b["dettes_hors_exploitation"] = f["dettes_hors_exploitation"]
    b["bfr_hors_exploitation"] = f["creances_hors_exploitation"] - f["dettes_hors_exploitation"]
    b["bfr"] = b["bfr_exploitation"] + b["bfr_hors_exploitation"]
    b["tresorerie_active"] = f["tresorerie_active"]
    b["tresorerie_passive"] = f["tresorerie_passive"]
    b["tresorerie_nette"] = f["tresorerie_active"] - f["tresorerie_passive"]
    return b
