"""One test per formula on small hand-made FECs: mapping, SIG, CAF (both methods), bilan fonctionnel, series."""
from __future__ import annotations

from decimal import Decimal

import pytest

from finance.analysis import analyse, inspect
from finance.ledger import Balance
from finance.mapping import bs_rule, is_known_account, pl_postes, pl_rule
from finance.sig import compute_caf, compute_sig
from finance.statements import from_balances
from tests.unit.finance.helpers import build, line

D = Decimal


def _fec(pl: list[tuple[str, str]], opening: list[tuple[str, str]] = ()) -> bytes:
    """Each (account, signed amount: + debit / - credit) is booked against the bank 51200000."""
    rows = [line("AN", "0", "20230101", acc, *_sides(amount)) for acc, amount in opening]
    if opening:
        total = sum(D(a) for _, a in opening)
        rows.append(line("AN", "0", "20230101", "10100000", *_sides(str(-total))))
    for number, (account, amount) in enumerate(pl, start=1):
        rows.append(line("OD", str(number), "20230315", account, *_sides(amount)))
        rows.append(line("OD", str(number), "20230315", "51200000", *_sides(str(-D(amount)))))
    return build(rows)


def _sides(amount: str) -> tuple[str, str]:
    value = D(amount)
    text = f"{abs(value):.2f}".replace(".", ",")
    return (text, "0,00") if value >= 0 else ("0,00", text)


def _year(pl, opening=()):
    report, year = inspect(_fec(pl, opening))
    assert report.ok, [i.message("en") for i in report.errors]
    return year


def test_w1_sig_chain_and_caf():
    """sylviejo SIGEX (reference §6.2 W1)."""
    year = _year([("70700000", "-1000"), ("60700000", "600"), ("60370000", "50"), ("70100000", "-200"),
                  ("60100000", "60"), ("62600000", "40"), ("63500000", "30"), ("64100000", "200"),
                  ("64500000", "80"), ("68110000", "20"), ("66110000", "20"), ("67100000", "5"),
                  ("69500000", "40")], opening=[("37000000", "500")])
    s = year.sig
    assert (s["marge_commerciale"], s["valeur_ajoutee"], s["ebe"], s["resultat_exploitation"]) == (350, 450, 140, 120)
    assert (s["rcai"], s["resultat_exceptionnel"], s["resultat_net"]) == (100, -5, 55)
    assert year.caf["caf_additive"] == year.caf["caf_soustractive"] == 75
    assert year.checks["caf_methods_agree"]["ok"] and year.checks["mapping_complete"]["ok"]


def test_w2_jacq_wholesaler():
    """compta-cours.com, société Jacq (reference §6.2 W2); stocking = credit balance of 6037."""
    year = _year([("70700000", "-1300000"), ("60700000", "250000"), ("60370000", "-33000"),
                  ("62200000", "290000"), ("63500000", "90000"), ("64100000", "80000"), ("78100000", "-12000"),
                  ("68110000", "44000"), ("76800000", "-2000"), ("66110000", "72000")])
    s = year.sig
    assert s["marge_commerciale"] == 1083000 and s["valeur_ajoutee"] == 793000 and s["ebe"] == 623000
    assert s["resultat_exploitation"] == 591000 and s["resultat_financier"] == -70000 and s["rcai"] == 521000
    assert year.caf["caf_additive"] == year.caf["caf_soustractive"] == 521000 + 44000 - 12000


def test_caf_treats_each_calculated_item_once():
    """Reprises (78x) and dotations (68x) are calculated; 791/796/797 transfers are cash; disposals are
    neutralised by 675/775; the investment grant release 777 is not cash."""
    year = _year([("70600000", "-10000"), ("79100000", "-100"), ("78600000", "-200"), ("79600000", "-50"),
                  ("77500000", "-3000"), ("67500000", "2000"), ("77700000", "-400"), ("78700000", "-60"),
                  ("79700000", "-70"), ("68600000", "30"), ("68750000", "25"), ("77100000", "-15"),
                  ("67800000", "5"), ("69100000", "100"), ("65500000", "7"), ("75500000", "-9")])
    caf = year.caf
    assert caf["caf_additive"] == caf["caf_soustractive"]
    expected = D(10000 + 100 + 50 + 70 + 15 - 5 - 100 - 7 + 9)
    assert caf["caf_soustractive"] == expected
    assert year.sig["plus_values_cessions"] == 1000


def test_sig_result_equals_minus_classes_6_and_7_for_every_poste():
    """Mapping completeness: one account per poste, the SIG chain gives back -(Σ6 + Σ7)."""
    balances = []
    for index, rule in enumerate(pl_postes(), start=1):
        account = next(a for a in _candidates(rule.poste) if pl_rule(a) == rule)
        amount = D(index * 10)
        balances.append(Balance(account, "", D(0) if rule.produit else amount, amount if rule.produit else D(0)))
    statements = from_balances(balances)
    sig = compute_sig(statements.postes)
    assert sig["resultat_net"] == statements.result_6_7
    caf = compute_caf(statements.postes, sig)
    assert caf["caf_additive"] == caf["caf_soustractive"]


def _candidates(poste: str) -> list[str]:
    from finance.mapping import _tables
    return [p + "0" * (8 - len(p)) for p, r in _tables()[0].items() if r.poste == poste]


@pytest.mark.parametrize(("account", "poste"), [
    ("60900000", "autres_achats_charges_externes"), ("60910000", "achats_matieres"),
    ("60970000", "achats_marchandises"), ("70800100", "production_vendue_services"),
    ("70970000", "ventes_marchandises"), ("60370000", "variation_stock_marchandises"),
    ("60310000", "variation_stock_matieres"), ("75500000", "quote_part_benefice"), ("75100000", "autres_produits"),
    ("78600000", "reprises_financieres"), ("68600000", "dotations_financieres"), ("66100000", "interets"),
    ("69500000", "impots_benefices"), ("69100000", "participation"), ("64500000", "charges_sociales"),
])
def test_pl_mapping_longest_prefix(account, poste):
    assert pl_rule(account).poste == poste


@pytest.mark.parametrize(("account", "known"), [("89000000", False), ("6", False), ("ABC", False),
                                                ("40100000", True), ("24700000", True), ("60900000", True)])
def test_known_accounts(account, known):
    assert is_known_account(account) is known


def test_sign_based_classification_per_auxiliary_account():
    balances = [
        Balance("40100000", "F1", D(0), D(500)), Balance("40100000", "F2", D(80), D(0)),  # supplier in debit
        Balance("41100000", "C1", D(300), D(0)), Balance("41100000", "C2", D(0), D(20)),  # customer in credit
        Balance("45500000", "A1", D(0), D(1000)), Balance("45500000", "A2", D(200), D(0)),
        Balance("51200000", "", D(0), D(150)), Balance("51400000", "", D(400), D(0)),
        Balance("10100000", "", D(0), D(-210)),
    ]
    st = from_balances(balances)
    l50, l33 = st.liasse_2050, st.liasse_2033
    assert (l50["DX"], l50["BZ"], l50["BX"], l50["EA"], l50["DV"]) == (500, 80 + 200, 300, 20, 1000)
    assert (l50["DU"], l50["CF"]) == (150, 400)
    assert (l33["166"], l33["072"], l33["068"], l33["156"], l33["084"]) == (500, 280, 300, 150, 400)
    assert l33["172"] == 20 + 1000
    f = st.functional
    assert (f["tresorerie_active"], f["tresorerie_passive"]) == (400, 150)
    assert f["creances_exploitation"] == 80 + 300 and f["dettes_exploitation"] == 500 + 20
    assert f["creances_hors_exploitation"] == 200 and f["dettes_hors_exploitation"] == 1000


def test_customers_in_credit_line_is_a_setting():
    balances = [Balance("41100000", "C1", D(300), D(0)), Balance("41100000", "C2", D(0), D(20)),
                Balance("51200000", "", D(0), D(280))]
    default, moved = from_balances(balances), from_balances(balances, "DW")
    assert (default.liasse_2050["EA"], default.liasse_2050["DW"], default.liasse_2033["172"]) == (20, 0, 20)
    assert (moved.liasse_2050["EA"], moved.liasse_2050["DW"], moved.liasse_2033["164"]) == (0, 20, 20)
    assert default.functional == moved.functional


def test_auxiliary_embedded_in_the_account_number():
    balances = [Balance("401DUPONT", "", D(0), D(700)), Balance("411MARTIN", "", D(900), D(0)),
                Balance("401DURAND", "", D(50), D(0)), Balance("51200000", "", D(0), D(250))]
    st = from_balances(balances)
    assert (st.liasse_2050["DX"], st.liasse_2050["BX"], st.liasse_2050["BZ"]) == (700, 900, 50)
    assert is_known_account("401DUPONT")


def test_balance_sheet_rules():
    assert bs_rule("28150000").spec_2050 == "D:AR"
    assert bs_rule("16880000").spec_2050 == "P:DV"
    assert bs_rule("47600000").spec_2050 == "A:CN"
    assert bs_rule("4091").spec_2050 == "S:BV/EA"


def test_bilan_fonctionnel_identity_and_split():
    opening = [("21500000", "50000"), ("28150000", "-10000"), ("37000000", "4000"), ("16400000", "-20000"),
               ("16880000", "-150"), ("44400000", "-500"), ("40400000", "-700")]
    year = _year([("70600000", "-30000"), ("60100000", "8000"), ("64100000", "9000")], opening=opening)
    b = year.bilan
    assert b["frng"] - b["bfr"] == b["tresorerie_nette"]
    assert b["emplois_stables"] == 50000 and b["dettes_financieres"] == 20000
    assert b["stocks"] == 4000 and b["bfr_exploitation"] == 4000
    assert b["dettes_hors_exploitation"] == 150 + 500 + 700  # 1688, IS, dettes sur immobilisations
    assert b["ressources_stables"] == b["capitaux_propres"] + 10000 + 20000
    assert year.checks["frng_bfr_tn"]["ok"] and year.checks["bilan_balanced"]["ok"]


def test_liasse_totals_and_result_line():
    year = _year([("70700000", "-1000"), ("60700000", "400")], opening=[("21800000", "3000")])
    l50 = year.statements.liasse_2050
    assert (l50["FL"], l50["FR"], l50["GF"], l50["GG"], l50["HN"]) == (1000, 1000, 400, 600, 600)
    assert l50["DI"] == 600 and l50["CO"] - l50["1A"] == l50["EE"]
    l33 = year.statements.liasse_2033
    assert (l33["210"], l33["232"], l33["234"], l33["264"], l33["270"], l33["310"]) == (1000, 1000, 400, 400, 600, 600)
    assert l33["110"] - l33["112"] == l33["180"]


def test_monthly_series_revenue_and_cash():
    rows = [line("AN", "1", "20230101", "51200000", debit="1000,00"),
            line("AN", "1", "20230101", "10100000", credit="1000,00"),
            line("VE", "2", "20230110", "51200000", debit="500,00"), line("VE", "2", "20230110", "70600000",
                                                                          credit="500,00"),
            line("VE", "3", "20230305", "51200000", debit="200,00"), line("VE", "3", "20230305", "70900000",
                                                                          debit="0,00", credit="200,00"),
            line("AC", "4", "20230320", "60600000", debit="900,00"), line("AC", "4", "20230320", "51200000",
                                                                          credit="900,00")]
    year = analyse(build(rows))[0]
    assert year.series == {"months": ["2023-01", "2023-03"], "revenue": [500.0, 200.0],
                           "cash_balance": [1500.0, 800.0]}


def test_negative_cash_and_equity_alerts_from_a_fec():
    year = analyse(_fec([("70600000", "-100"), ("62200000", "5000")], opening=[("10100000", "-1000")]))[0]
    codes = {a.code for a in year.alerts}
    assert {"capitaux_propres_negatifs", "tresorerie_negative", "ebe_negatif", "resultat_negatif"} <= codes
    assert year.alerts[0].severity == "critical"
