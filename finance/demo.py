"""A saved analysis for the demo user, from two small synthetic FECs generated here (the real test files
in ../shared/data are not on a user's machine). Called by demo.seed on the first `make run`."""
from __future__ import annotations

from decimal import Decimal

from accounts import get_user_by_email
from finance.analysis import YearAnalysis, finalise, inspect
from finance.columns import STANDARD
from finance.messages import text
from finance.store import list_analyses, save_analysis

DEMO_EMAIL = "demo.user@example.com"
DEMO_SIREN = "999999999"
SEASON = (0.8, 0.85, 1.0, 1.05, 1.1, 1.0, 0.9, 0.6, 1.05, 1.15, 1.2, 1.3)  # a shop: summer dip, busy year end


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


class _Journal:
    """Rows of a FEC, one balanced entry at a time."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []
        self.numbers: dict[str, int] = {}

    def entry(self, journal: str, day: str, label: str, *lines: tuple[str, str, Decimal, Decimal]) -> None:
        assert sum(d for _, _, d, _ in lines) == sum(c for _, _, _, c in lines), label  # balanced by design
        number = self.numbers[journal] = self.numbers.get(journal, 0) + 1
        for account, account_label, debit, credit in lines:
            self.rows.append({
                "JournalCode": journal, "JournalLib": JOURNALS[journal], "EcritureNum": f"{journal}{number:04d}",
                "EcritureDate": day, "CompteNum": account, "CompteLib": account_label, "CompAuxNum": "",
                "CompAuxLib": "", "PieceRef": f"{journal}{number:04d}", "PieceDate": day, "EcritureLib": label,
                "Debit": _amount(debit), "Credit": _amount(credit), "EcritureLet": "", "DateLet": "",
                "ValidDate": day, "Montantdevise": "", "Idevise": ""})

    def to_bytes(self) -> bytes:
        lines = ["\t".join(STANDARD)] + ["\t".join(r[c] for c in STANDARD) for r in self.rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")


JOURNALS = {"AN": "A nouveaux", "VE": "Ventes", "AC": "Achats", "BQ": "Banque", "OD": "Operations diverses"}
Z = Decimal(0)


def demo_fec(year: int, scale: float, late_customers: bool = False) -> bytes:
    """A year of a small retailer: monthly sales and purchases, rent, payroll, loan, VAT, closing entries.
    `late_customers`: November's invoices are still unpaid at closing (the demo then shows an alert)."""
    j = _Journal()
    j.entry("AN", f"{year}0101", "A nouveaux",
            ("51200000", "Banque", Decimal(25000), Z), ("21830000", "Materiel informatique", Decimal(30000), Z),
            ("37000000", "Stock de marchandises", Decimal(8000), Z), ("10100000", "Capital", Z, Decimal(20000)),
            ("10680000", "Autres reserves", Z, Decimal(22000)), ("16400000", "Emprunt bancaire", Z, Decimal(15000)),
            ("28183000", "Amortissements materiel", Z, Decimal(6000)))
    for month, factor in enumerate(SEASON, start=1):
        day, end = f"{year}{month:02d}05", f"{year}{month:02d}28"
        sales = Decimal(round(30000 * scale * factor / 5) * 5)
        buys = Decimal(round(float(sales) * 0.4 / 5) * 5)
        j.entry("VE", day, "Ventes du mois", ("41100000", "Clients", sales * Decimal("1.2"), Z),
                ("70700000", "Ventes de marchandises", Z, sales), ("44571000", "TVA collectee", Z, sales / 5))
        j.entry("AC", day, "Achats du mois", ("60700000", "Achats de marchandises", buys, Z),
                ("44566000", "TVA deductible", buys / 5, Z), ("40100000", "Fournisseurs", Z, buys * Decimal("1.2")))
        if month < 12 - late_customers:  # December's invoices are paid in January: receivables at closing
            j.entry("BQ", end, "Encaissement clients", ("51200000", "Banque", sales * Decimal("1.2"), Z),
                    ("41100000", "Clients", Z, sales * Decimal("1.2")))
        if month < 12:
            j.entry("BQ", end, "Paiement fournisseurs", ("40100000", "Fournisseurs", buys * Decimal("1.2"), Z),
                    ("51200000", "Banque", Z, buys * Decimal("1.2")))
        j.entry("BQ", end, "Loyer", ("61320000", "Loyer", Decimal(1500), Z), ("44566000", "TVA deductible",
                Decimal(300), Z), ("51200000", "Banque", Z, Decimal(1800)))
        j.entry("BQ", end, "Salaires et charges", ("64100000", "Salaires", Decimal(8000), Z),
                ("64500000", "Charges sociales", Decimal(3360), Z), ("51200000", "Banque", Z, Decimal(11360)))
        j.entry("BQ", end, "Echeance emprunt", ("16400000", "Emprunt bancaire", Decimal(250), Z),
                ("66110000", "Interets des emprunts", Decimal(40), Z), ("51200000", "Banque", Z, Decimal(290)))
        vat = sales / 5 - buys / 5 - Decimal(300)
        j.entry("BQ", end, "TVA du mois", ("44571000", "TVA collectee", sales / 5, Z),
                ("44566000", "TVA deductible", Z, buys / 5 + Decimal(300)), ("51200000", "Banque", Z, vat))
    closing = f"{year}1231"
    j.entry("OD", closing, "Dotation aux amortissements", ("68112000", "Dotations amortissements", Decimal(6000), Z),
            ("28183000", "Amortissements materiel", Z, Decimal(6000)))
    stock = Decimal(round(9000 * scale))
    j.entry("OD", closing, "Variation de stock", ("60370000", "Variation de stock", Decimal(8000), Z),
            ("37000000", "Stock de marchandises", Z, Decimal(8000)))
    j.entry("OD", closing, "Stock final", ("37000000", "Stock de marchandises", stock, Z),
            ("60370000", "Variation de stock", Z, stock))
    j.entry("OD", closing, "Impot sur les societes", ("69500000", "Impot sur les benefices",
                                                      Decimal(round(9000 * scale)), Z),
            ("44400000", "Etat impot sur les benefices", Z, Decimal(round(9000 * scale))))
    return j.to_bytes()


def demo_years() -> list[YearAnalysis]:
    """Two exercices (N = 2024, N-1 = 2023) analysed like uploaded files."""
    years = []
    for year, scale, late in ((2024, 1.08, True), (2023, 1.0, False)):
        name = f"{DEMO_SIREN}FEC{year}1231.txt"
        report, analysed = inspect(demo_fec(year, scale, late), name)
        if analysed is None:  # a bug in the generator, not a user's file: fail loudly
            raise RuntimeError(f"demo FEC {name} does not validate: {report.errors}")
        years.append(analysed)
    return finalise(years)


def seed_demo_analysis() -> str | None:
    """Save the sample analysis for the demo user unless they already have one; returns its id."""
    user = get_user_by_email(DEMO_EMAIL)
    if user is None or list_analyses(user):
        return None
    return save_analysis(user, text("finance.demo.name", user.language or "fr"), demo_years(),
                         company=user.company)
