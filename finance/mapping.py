"""PCG accounts -> liasse lines (2050-2053 réel normal, 2033-A/B simplifié), reference §2.

Each account goes to exactly one rule, chosen by the longest matching prefix: residual accounts fall to
the shorter prefix (bare 609 -> autres achats et charges externes while 6091 -> matières), and an account
that matches nothing is reported as unknown instead of silently dropped.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Income statement postes. side P = produit (value = -solde), C = charge (value = solde).
# poste                                   side  2052  2033  prefixes
_PL = """
ventes_marchandises                        P  FC  210  707,7097
production_vendue_biens                    P  FF  214  701,702,703,7091,7092,7093
production_vendue_services                 P  FI  218  70,704,705,706,708,709,7094,7095,7096,7098
production_stockee                         P  FM  222  71
production_immobilisee                     P  FN  224  72,73
subventions_exploitation                   P  FO  226  74
reprises_exploitation                      P  FP  230  78,781
transferts_charges_exploitation            P  FP  230  79,791
autres_produits                            P  FQ  230  75,751,752,753,754,758
quote_part_benefice                        P  GH  230  755
produits_participations                    P  GJ  280  761
produits_autres_valeurs                    P  GK  280  762
autres_interets                            P  GL  280  76,763,764,765,768
reprises_financieres                       P  GM  280  786
transferts_charges_financieres             P  GM  280  796
gains_change                               P  GN  280  766
produits_cessions_vmp                      P  GO  280  767
produits_exceptionnels_gestion             P  HA  290  77,771,772
produits_cessions_actif                    P  HB  290  775
quote_part_subventions                     P  HB  290  777
autres_produits_exceptionnels_capital      P  HB  290  778
reprises_exceptionnelles                   P  HC  290  787
transferts_charges_exceptionnelles         P  HC  290  797
achats_marchandises                        C  FS  234  607,608,6097
variation_stock_marchandises               C  FT  236  6037
achats_matieres                            C  FU  238  601,602,6091,6092
variation_stock_matieres                   C  FV  240  603,6031,6032
autres_achats_charges_externes             C  FW  242  60,604,605,606,609,6094,6095,6096,6098,61,62
impots_taxes                               C  FX  244  63
salaires                                   C  FY  250  64,641,644,648
charges_sociales                           C  FZ  252  645,646,647,649
dotations_amortissements                   C  GA  254  68,681,6811,6812
dotations_depreciations_immobilisations    C  GB  256  6816
dotations_depreciations_actif_circulant    C  GC  256  6817
dotations_provisions                       C  GD  256  6815
autres_charges                             C  GE  262  65,651,653,654,658
quote_part_perte                           C  GI  294  655
dotations_financieres                      C  GQ  294  686
interets                                   C  GR  294  66,661,664,665,668
pertes_change                              C  GS  294  666
charges_cessions_vmp                       C  GT  294  667
charges_exceptionnelles_gestion            C  HE  300  67,671,672
valeur_comptable_cessions                  C  HF  300  675
autres_charges_exceptionnelles_capital     C  HF  300  678
dotations_exceptionnelles                  C  HG  300  687
participation                              C  HJ  300  691
impots_benefices                           C  HK  306  69,695,696,697,698,699
"""

# Balance sheet. Kinds: A = actif brut, D = amortissement/dépréciation column of that actif line
# (value = -solde), P = passif (value = -solde), S = sign rule "debit line/credit line" applied to each
# account's own balance (per auxiliary account for 40-47, reference §2.2). CC = the line chosen for customers
# in credit (statements.CUSTOMER_CREDIT_LINES: EA/172 by default, or DW/164).
# prefixes                                                          2050     2033
_BS = """
109                                                                 A:AA     A:072
10,101,102,108                                                      P:DA     P:120
104                                                                 P:DB     P:120
105,107                                                             P:DC     P:124
1061                                                                P:DD     P:126
1063                                                                P:DE     P:132
1062,1064                                                           P:DF     P:130
106,1068                                                            P:DG     P:132
11                                                                  P:DH     P:134
12                                                                  P:DI     P:136
13                                                                  P:DJ     P:137
14                                                                  P:DK     P:140
151                                                                 P:DP     P:154
15                                                                  P:DQ     P:154
161,16881                                                           P:DS     P:156
163,16883                                                           P:DT     P:156
164,16884                                                           P:DU     P:156
16,165,166,167,1675,168,1681,1685,1687,1688,16885,16886,16887,16888,17  P:DV  P:156
1671                                                                P:DM     P:156
1674                                                                P:DN     P:156
169                                                                 A:CM     P:156
18                                                                  S:BZ/EA  S:072/172
201                                                                 A:AB     A:014
203                                                                 A:CX     A:014
205                                                                 A:AF     A:014
206,207                                                             A:AH     A:010
20,208,232                                                          A:AJ     A:014
237                                                                 A:AL     A:014
211,212,22                                                          A:AN     A:028
213,214                                                             A:AP     A:028
215                                                                 A:AR     A:028
21,218,24                                                           A:AT     A:028
23,231                                                              A:AV     A:028
238                                                                 A:AX     A:028
25,271,272,273,27682,277                                            A:BD     A:040
26,261,266                                                          A:CU     A:040
262                                                                 A:CS     A:040
267,268                                                             A:BB     A:040
269,279                                                             P:DZ     P:172
274,27684                                                           A:BF     A:040
27,275,276,2761,27685,27688                                         A:BH     A:040
2801                                                                D:AB     D:014
2803                                                                D:CX     D:014
2805,2905                                                           D:AF     D:014
2807,2906,2907                                                      D:AH     D:010
280,2808,290,2908,2932                                              D:AJ     D:014
2811,2812,2911,282,292                                              D:AN     D:028
2813,2814                                                           D:AP     D:028
2815                                                                D:AR     D:028
28,281,2818,284                                                     D:AT     D:028
293,2931                                                            D:AV     D:028
29,297,2975,2976                                                    D:BH     D:040
296,2961,2966                                                       D:CU     D:040
2962                                                                D:CS     D:040
2967,2968                                                           D:BB     D:040
2971,2972,2973                                                      D:BD     D:040
2974                                                                D:BF     D:040
31,32                                                               A:BL     A:050
33                                                                  A:BN     A:050
34                                                                  A:BP     A:050
35                                                                  A:BR     A:050
3,36,37,38                                                          A:BT     A:060
391,392                                                             D:BL     D:050
393                                                                 D:BN     D:050
394                                                                 D:BP     D:050
395                                                                 D:BR     D:050
39,397                                                              D:BT     D:060
40,400,401,403,408                                                  S:BZ/DX  S:072/166
404,405,4084                                                        S:BZ/DZ  S:072/172
409                                                                 S:BZ/EA  S:072/172
4091                                                                S:BV/EA  S:064/172
41,410,411,413,416,418                                              S:BX/CC  S:068/CC
419                                                                 S:BZ/EA  S:072/172
4191                                                                S:BZ/DW  S:072/164
42,43,44,457                                                        S:BZ/DY  S:072/172
426,451,455,456                                                     S:BZ/DV  S:072/172
4562                                                                S:CB/DV  S:072/172
45,46,47,48                                                         S:BZ/EA  S:072/172
476                                                                 A:CN     A:072
477                                                                 P:ED     P:172
481                                                                 A:CW     A:092
486                                                                 A:CH     A:092
487                                                                 P:EB     P:174
49,495,496                                                          D:BZ     D:072
491                                                                 D:BX     D:068
50                                                                  S:CD/DU  S:080/156
509                                                                 P:EA     P:172
51,52,53,54,58                                                      S:CF/DU  S:084/156
5181,519                                                            P:DU     P:156
59                                                                  D:CD     D:080
"""

# Amortisation column code of each actif line (2050: next letter pair; 2033: next even number).
AMORT_CODE = {
    "AB": "AC", "CX": "CQ", "AF": "AG", "AH": "AI", "AJ": "AK", "AL": "AM", "AN": "AO", "AP": "AQ",
    "AR": "AS", "AT": "AU", "AV": "AW", "AX": "AY", "CS": "CT", "CU": "CV", "BB": "BC", "BD": "BE",
    "BF": "BG", "BH": "BI", "BL": "BM", "BN": "BO", "BP": "BQ", "BR": "BS", "BT": "BU", "BV": "BW",
    "BX": "BY", "BZ": "CA", "CB": "CC", "CD": "CE", "CF": "CG", "CH": "CI", "AA": "AA_amort",
    "CW": "CW_amort", "CM": "CM_amort", "CN": "CN_amort",
    "010": "012", "014": "016", "028": "030", "040": "042", "050": "052", "060": "062", "064": "066",
    "068": "070", "072": "074", "080": "082", "084": "086", "092": "094",
}


@dataclass(frozen=True)
class PlRule:
    poste: str
    produit: bool
    code_2052: str
    code_2033: str


@dataclass(frozen=True)
class BsRule:
    prefix: str
    spec_2050: str  # "A:AB", "D:AB", "P:DA" or "S:BZ/DX"
    spec_2033: str


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, PlRule], dict[str, BsRule]]:
    pl: dict[str, PlRule] = {}
    for line in _PL.strip().splitlines():
        poste, side, c2052, c2033, prefixes = line.split()
        for prefix in prefixes.split(","):
            pl[prefix] = PlRule(poste, side == "P", c2052, c2033)
    bs: dict[str, BsRule] = {}
    for line in _BS.strip().splitlines():
        prefixes, s2050, s2033 = line.split()
        for prefix in prefixes.split(","):
            bs[prefix] = BsRule(prefix, s2050, s2033)
    return pl, bs


def _longest(table: dict, account: str) -> object | None:
    for length in range(min(len(account), 6), 0, -1):
        rule = table.get(account[:length])
        if rule is not None:
            return rule
    return None


def pl_rule(account: str) -> PlRule | None:
    return _longest(_tables()[0], account) if account[:1] in ("6", "7") else None  # type: ignore[return-value]


def bs_rule(account: str) -> BsRule | None:
    return _longest(_tables()[1], account) if account[:1] in ("1", "2", "3", "4", "5") else None  # type: ignore[return-value]


def is_known_account(account: str) -> bool:
    return (pl_rule(account) or bs_rule(account)) is not None


@lru_cache(maxsize=1)
def pl_postes() -> list[PlRule]:
    """Every poste once, in the order of the compte de résultat."""
    seen: dict[str, PlRule] = {}
    for rule in _tables()[0].values():
        seen.setdefault(rule.poste, rule)
    return list(seen.values())


def is_third_party(account: str) -> bool:
    """40-47: classified per auxiliary account (CompAuxNum) when it is filled."""
    return account[:1] == "4" and account[1:2] in "01234567" and len(account) > 1
