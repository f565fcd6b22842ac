"""Ratio formulas (reference §3.4) and the alerts built on them."""
from __future__ import annotations

import pytest

from finance.alerts import compute_alerts
from finance.ratios import RATIOS, compute_ratios, flag


def _values(**override: float) -> dict[str, float]:
    base = {
        "chiffre_affaires": 1_000_000.0, "chiffre_affaires_precedent": 800_000.0, "ventes_marchandises": 400_000.0,
        "marge_commerciale": 120_000.0, "valeur_ajoutee": 500_000.0, "ebe": 100_000.0, "charges_personnel": 300_000.0,
        "impots_taxes": 20_000.0, "interets": 10_000.0, "resultat_exploitation": 80_000.0, "resultat_net": 50_000.0,
        "caf": 70_000.0, "capitaux_propres": 200_000.0, "dettes_financieres": 140_000.0, "total_bilan": 800_000.0,
        "tresorerie_nette": 40_000.0, "ressources_stables": 400_000.0, "emplois_stables": 320_000.0,
        "clients": 150_000.0, "fournisseurs": 60_000.0, "achats_marchandises": 270_000.0,
        "variation_stock_marchandises": 10_000.0, "achats_matieres": 50_000.0, "variation_stock_matieres": 0.0,
        "autres_achats_charges_externes": 80_000.0, "stocks_marchandises": 40_000.0,
        "stocks_marchandises_debut": 50_000.0, "stocks_matieres": 5_000.0, "stocks_matieres_debut": 5_000.0,
        "bfr_exploitation": 90_000.0, "stocks": 45_000.0, "creances_exploitation": 160_000.0,
        "creances_hors_exploitation": 10_000.0, "dettes_exploitation": 120_000.0, "dettes_hors_exploitation": 15_000.0,
        "tresorerie_active": 50_000.0, "tresorerie_passive": 10_000.0, "frng": 80_000.0, "capital_social": 50_000.0,
        "months": 12, "tva_rate": 0.2,
    }
    base.update(override)
    return base


def _approx(value: float):
    return pytest.approx(value, abs=1e-6)  # ratios are rounded to 6 decimals


def test_every_ratio_formula():
    r = compute_ratios(_values())
    assert r["croissance_ca"] == _approx(0.25)
    assert r["taux_marge_commerciale"] == _approx(0.30)
    assert r["taux_valeur_ajoutee"] == _approx(0.50)
    assert r["taux_marge_ebe"] == _approx(0.10)
    assert r["taux_marge_bdf"] == _approx(0.20)
    assert r["part_personnel_va"] == _approx(0.60)
    assert r["part_impots_va"] == _approx(0.04)
    assert r["part_interets_va"] == _approx(0.02)
    assert r["rentabilite_economique"] == _approx(80_000 / 340_000)
    assert r["rentabilite_financiere"] == _approx(0.25)
    assert r["caf_sur_ca"] == _approx(0.07)
    assert r["delai_clients"] == _approx(150_000 / 1_200_000 * 360)  # 45 days
    assert r["delai_fournisseurs"] == _approx(60_000 / (400_000 * 1.2) * 360)
    assert r["rotation_stock_marchandises"] == _approx(45_000 / 280_000 * 360)
    assert r["rotation_stock_matieres"] == _approx(5_000 / 50_000 * 360)
    assert r["poids_bfr_exploitation"] == _approx(0.09 * 360)
    assert r["autonomie_financiere"] == _approx(0.25)
    assert r["endettement"] == _approx(0.70)
    assert r["endettement_net"] == _approx(0.50)
    assert r["capacite_remboursement"] == _approx(2.0)
    assert r["couverture_emplois_stables"] == _approx(1.25)
    assert r["poids_frais_financiers"] == _approx(0.10)
    assert r["couverture_interets"] == _approx(10.0)
    assert r["liquidite_generale"] == _approx(265_000 / 145_000)
    assert r["liquidite_reduite"] == _approx(220_000 / 145_000)
    assert r["liquidite_immediate"] == _approx(50_000 / 145_000)
    assert set(r) == {ratio.key for ratio in RATIOS}


def test_days_follow_the_length_of_the_exercice():
    r12 = compute_ratios(_values())
    r6 = compute_ratios(_values(months=6))
    assert r6["delai_clients"] == pytest.approx(r12["delai_clients"] / 2)


def test_zero_denominators_and_missing_inputs_give_none():
    r = compute_ratios(_values(chiffre_affaires=0.0, ventes_marchandises=0.0, capitaux_propres=-10.0, caf=-5.0,
                               interets=0.0, ebe=-1.0, chiffre_affaires_precedent=None))
    for key in ("taux_valeur_ajoutee", "taux_marge_commerciale", "delai_clients", "rentabilite_financiere",
                "endettement", "capacite_remboursement", "couverture_interets", "poids_frais_financiers"):
        assert r[key] is None, key
    values = _values()
    del values["chiffre_affaires_precedent"]
    assert compute_ratios(values)["croissance_ca"] is None


def test_flags_use_the_reference_thresholds():
    assert flag("autonomie_financiere", 0.1) == "warn" and flag("autonomie_financiere", 0.3) == "ok"
    assert flag("delai_clients", 75.0) == "warn" and flag("capacite_remboursement", 3.0) == "ok"
    assert flag("taux_marge_ebe", None) == "n/a"


def _alerts(**override: float) -> set[str]:
    values = _values(**override)
    return {a.code for a in compute_alerts(values, compute_ratios(values))}


def test_healthy_company_has_no_alert():
    assert _alerts() == set()


@pytest.mark.parametrize(("override", "code"), [
    ({"capitaux_propres": -5.0}, "capitaux_propres_negatifs"),
    ({"capitaux_propres": 20_000.0}, "capitaux_propres_moitie_capital"),
    ({"tresorerie_nette": -1.0}, "tresorerie_negative"),
    ({"ebe": -1.0}, "ebe_negatif"),
    ({"caf": -1.0}, "caf_negative"),
    ({"caf": -1.0}, "dettes_sans_caf"),
    ({"resultat_net": -1.0}, "resultat_negatif"),
    ({"clients": 250_000.0}, "delai_clients"),
    ({"fournisseurs": 100_000.0}, "delai_fournisseurs"),
    ({"dettes_financieres": 350_000.0}, "capacite_remboursement"),
    ({"frng": -1.0}, "frng_negatif"),
    ({"interets": 40_000.0}, "frais_financiers"),
    ({"total_bilan": 1_500_000.0}, "autonomie_faible"),
    ({"dettes_exploitation": 400_000.0}, "liquidite_faible"),
    ({"chiffre_affaires_precedent": 1_200_000.0}, "baisse_ca"),
    ({"marge_commerciale": -5.0, "ventes_marchandises": 0.0}, "marge_commerciale_comptes"),
    ({"resultat_non_affecte": 10.0}, "resultat_non_affecte"),
    ({"months": 13}, "exercice_non_annuel"),
])
def test_each_alert(override, code):
    assert code in _alerts(**override)


def test_alert_values_and_order():
    values = _values(clients=250_000.0, tresorerie_nette=-3.0)
    alerts = compute_alerts(values, compute_ratios(values))
    assert alerts[0].severity == "critical"
    clients = next(a for a in alerts if a.code == "delai_clients")
    assert clients.values == {"jours": 75, "limite": 60, "clients": 250_000.0}
