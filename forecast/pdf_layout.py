"""The A4 pages of the bank dossier: a cover, headed sections, tables (landscape when wide) and pictures.
What goes in the dossier, and in which order, is forecast/export_pdf.py's business."""
from __future__ import annotations

import io

from fpdf.fonts import FontFace

from finance.pdf import ReportPDF
from forecast.table import Table, display

WIDE_COLUMNS = 6   # a table with more value columns than this gets a landscape page


class Dossier(ReportPDF):
    def __init__(self, lang: str, footer: str) -> None:
        super().__init__(lang, footer)
        self.set_font("DejaVu", "", 9)

    def cover(self, title: str, lines: list[str]) -> None:
        self.add_page()
        self.ln(60)
        self.set_font("DejaVu", "B", 22)
        self.multi_cell(0, 11, title, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(8)
        self.set_font("DejaVu", "", 11)
        for line in lines:
            self.multi_cell(0, 7, line, align="C", new_x="LMARGIN", new_y="NEXT")

    def heading(self, title: str, *, new_page: bool = False, landscape: bool = False) -> None:
        if new_page or self.will_page_break(30):  # keep a title with the first rows of its table
            self.add_page(orientation="L" if landscape else "P")
        self.set_font("DejaVu", "B", 12)
        self.ln(2)
        self.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 9)

    def paragraph(self, text: str, *, italic: bool = False) -> None:
        self.set_font("DejaVu", "I" if italic else "", 8 if italic else 9)
        self.multi_cell(0, 4.6, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 9)

    def pairs(self, rows: list[tuple[str, str]]) -> None:
        """A two-column description (label, value)."""
        self.set_font("DejaVu", "", 8)
        with self.table(col_widths=(1, 2), text_align=("LEFT", "LEFT"), line_height=4.4,
                        first_row_as_headings=False) as grid:
            for label, value in rows:
                grid.row([label, value])
        self.set_font("DejaVu", "", 9)

    def draw_table(self, table: Table) -> None:
        wide = len(table.columns) > WIDE_COLUMNS
        on_landscape = self.w > self.h
        self.heading(table.title, new_page=wide != on_landscape, landscape=wide)
        self.set_font("DejaVu", "", 6 if wide else 7.5)
        columns = [table.label_heading, *table.columns] + ([table.total_column] if table.total_column else [])
        label_width = 3.0 if wide else 2.6
        widths = (label_width,) + (1.0,) * (len(columns) - 1)
        bold, low = FontFace(emphasis="BOLD"), FontFace(fill_color=(248, 203, 173))
        align = ("LEFT",) + ("RIGHT",) * (len(columns) - 1)
        with self.table(col_widths=widths, text_align=align, line_height=3.6 if wide else 4.2,
                        first_row_as_headings=True) as grid:
            grid.row(columns)
            for row in table.rows:
                cells = [str(row.label)] + [display(v, row.kind, self.lang) for v in row.values]
                if table.total_column:
                    total = table.total(row)
                    cells.append(display(total, row.kind, self.lang) if total is not None else "")
                line = grid.row(style=bold if row.bold else None)
                for index, text in enumerate(cells):
                    line.cell(text, style=low if index - 1 in row.highlight else None)
        if table.note:
            self.paragraph(table.note, italic=True)
        self.set_font("DejaVu", "", 9)

    def picture(self, png: bytes | None) -> None:
        if png:
            width = min(self.epw, 180)
            if self.will_page_break(width * 0.45):
                self.add_page(orientation="P")
            self.image(io.BytesIO(png), w=width)
