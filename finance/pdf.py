"""The page of every PDF report we write (company analysis, forecast dossier, market study): A4, the
DejaVu fonts that matplotlib ships (they have € and the accents), a centred footer with the page number,
and titles kept with the first rows of what follows them."""
from __future__ import annotations

from pathlib import Path

import matplotlib
from fpdf import FPDF

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


class ReportPDF(FPDF):
    def __init__(self, lang: str, footer: str, *, margin: float = 14) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.lang, self.footer_text = lang, footer
        for style, name in (("", "DejaVuSans"), ("B", "DejaVuSans-Bold"), ("I", "DejaVuSans-Oblique")):
            self.add_font("DejaVu", style, str(FONT_DIR / f"{name}.ttf"))
        self.set_auto_page_break(True, margin=margin)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("DejaVu", "", 7)
        self.cell(0, 5, f"{self.footer_text} — {self.page_no()}", align="C")

    def heading(self, title: str) -> None:
        if self.will_page_break(30):  # keep a title with the first rows of its table
            self.add_page()
        self.set_font("DejaVu", "B", 12)
        self.ln(2)
        self.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
