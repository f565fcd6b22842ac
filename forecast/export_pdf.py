"""The bank dossier (PDF, the user's language): cover, the project, the financing plan, the income statement
over three years, the cash plan (12 months, then the rest), break-even and BFR, the loan tables, the
depreciation, the balance sheets, the alerts, and every legal parameter used with its source."""
from __future__ import annotations

import io
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display in a server or CI
import matplotlib.pyplot as plt  # noqa: E402

from forecast import tables  # noqa: E402
from forecast.model import Plan  # noqa: E402
from forecast.pdf_layout import Dossier  # noqa: E402
from forecast.result import ForecastResult  # noqa: E402
from i18n import format_date, format_money, t  # noqa: E402


def _choice(name: str, value: object, lang: str) -> str:
    key = f"forecast_ui.choice.{name}.{value}"
    text = t(key, lang)
    return str(value) if text == key else text


def project_rows(plan: Plan, lang: str) -> list[tuple[str, str]]:
    p = plan.project
    rows = [(t("forecast_ui.field.project.name", lang), p.name),
            (t("forecast_ui.field.naf", lang), p.naf or "–"),
            (t("forecast_ui.field.legal_form", lang), _choice("legal_form", p.legal_form, lang)),
            (t("forecast_ui.field.tax_regime", lang), _choice("tax_regime", p.tax_regime, lang)),
            (t("forecast_ui.field.vat_regime", lang), _choice("vat_regime", p.vat_regime, lang)),
            (t("forecast_ui.field.project.start", lang), format_date(p.start, lang)),
            (t("forecast_ui.field.first_closing", lang), format_date(p.first_closing, lang))]
    for line in plan.revenue:
        rows.append((t("forecast_ui.pdf.revenue_line", lang, name=line.name),
                     t("forecast_ui.pdf.revenue_detail", lang, price=format_money(line.price, lang),
                       volume=f"{line.monthly_volume:g}")))
    return rows


def cash_png(result: ForecastResult, lang: str) -> bytes | None:
    closing = result.cash_plan.get("closing") or []
    if not closing:
        return None
    labels = [tables.month_label(m, lang) for m in result.months[:len(closing)]]
    fig, ax = plt.subplots(figsize=(7.5, 3.0))
    ax.plot(labels, closing, color="#1f4e79", marker="o", markersize=2.5)
    low = min(range(len(closing)), key=lambda i: (closing[i], i))
    ax.scatter([labels[low]], [closing[low]], color="#c62828", zorder=3, s=40)
    ax.annotate(t("forecast_ui.chart.lowest", lang, amount=format_money(closing[low], lang, 0)),
                (low, closing[low]), textcoords="offset points", xytext=(0, -14), ha="center", fontsize=7,
                color="#c62828")
    ax.axhline(0, color="black", linewidth=0.6)
    ax.tick_params(axis="x", labelrotation=70, labelsize=5)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_title(t("forecast_ui.chart.cash_title", lang), fontsize=10)
    out = io.BytesIO()
    fig.tight_layout()
    fig.savefig(out, format="png", dpi=130)
    plt.close(fig)
    return out.getvalue()


def dossier(plan: Plan, result: ForecastResult, lang: str = "fr", extra: list | None = None) -> bytes:
    """The dossier's bytes; `extra` tables (the scenarios and the sensitivity table) follow the bilan."""
    pdf = Dossier(lang, t("forecast_ui.pdf.footer", lang, name=plan.project.name))
    pdf.cover(t("forecast_ui.pdf.title", lang), [
        plan.project.name,
        t("forecast_ui.pdf.period", lang, start=format_date(plan.project.start, lang),
          end=format_date(date.fromisoformat(result.exercices[-1].end), lang)),
        t("forecast_ui.pdf.made_on", lang, day=format_date(date.today(), lang))])
    pdf.heading(t("forecast_ui.pdf.project", lang), new_page=True)
    pdf.pairs(project_rows(plan, lang))
    for table in tables.all_tables(plan, result, lang, dossier=True, extra=extra):
        if table.key == "cash_plan":
            pdf.draw_table(table)
            if table.row("closing").highlight:   # the chart beside the months holding the lowest point
                pdf.picture(cash_png(result, lang))
        elif table.key == "parameters":
            pdf.heading(table.title, new_page=True)
            pdf.pairs([(r.label, " — ".join(str(v) for v in r.values)) for r in table.rows])
        else:
            pdf.draw_table(table)
    return bytes(pdf.output())
