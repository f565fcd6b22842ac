"""Property: for random valid plans, the cash plan's end balance is the opening cash plus every flow, the
bilan balances at every closing, the yearly financing plans add up to the cash plan and the IS is a fixed
point of the result."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecast.engine import compute
from forecast.model import INVESTMENT_CATEGORIES, add_months, validate

amount = st.floats(min_value=0, max_value=50_000, allow_nan=False)
share = st.floats(min_value=0, max_value=1)
term = st.integers(min_value=0, max_value=120)


@st.composite
def plans(draw):
    from datetime import date
    start = date(draw(st.integers(2025, 2027)), draw(st.integers(1, 12)), 1)
    length = draw(st.integers(12, 23))
    closing = add_months(start, length)
    closing = date.fromordinal(closing.toordinal() - 1)
    month = st.integers(0, length + 23).map(lambda m: add_months(start, m).isoformat()[:7])
    form, tax = draw(st.sampled_from([("sas", "is"), ("sarl", "is"), ("eurl", "ir"), ("ei", "ir"),
                                      ("micro", "ir"), ("sasu", "is")]))
    manager = {"sas": "assimile_salarie", "sasu": "assimile_salarie", "micro": "micro"}.get(form)
    manager = manager or draw(st.sampled_from(["tns", "assimile_salarie", "none"]))
    revenue = [{"name": f"L{i}", "price": draw(st.floats(0, 2000)), "monthly_volume": draw(st.floats(0, 300)),
                "kind": draw(st.sampled_from(["goods", "production", "services"])),
                "seasonality": draw(st.lists(st.floats(0, 3), min_size=12, max_size=12)),
                "growth_y2": draw(st.floats(-0.5, 1)), "growth_y3": draw(st.floats(-0.5, 1)),
                "vat_rate": draw(st.sampled_from([0.2, 0.1, 0.055, 0.0])), "customer_days": draw(term),
                "cash_share": draw(share), "purchase_mode": draw(st.sampled_from(["percent", "unit_cost"])),
                "purchase_value": draw(st.floats(0, 1)), "supplier_days": draw(term),
                "stock_days": draw(st.integers(0, 90))} for i in range(draw(st.integers(0, 3)))]
    charges = [{"name": f"C{i}", "amount": draw(amount), "period": draw(st.sampled_from(["month", "year"])),
                "vat_rate": draw(st.sampled_from([0.2, 0.0])), "supplier_days": draw(term),
                "start": draw(month), "growth": draw(st.floats(0, 0.2))} for i in range(draw(st.integers(0, 2)))]
    staff = [{"position": f"S{i}", "gross_monthly": draw(st.floats(0, 8000)), "count": draw(st.integers(1, 3)),
              "start": draw(month)} for i in range(draw(st.integers(0, 2)))]
    investments = [{"name": f"I{i}", "amount": draw(amount), "category": draw(st.sampled_from(INVESTMENT_CATEGORIES)),
                    "in_service": f"{draw(month)}-{draw(st.integers(1, 28)):02d}",
                    "in_kind": draw(st.booleans())} for i in range(draw(st.integers(0, 3)))]
    loans = []
    for i in range(draw(st.integers(0, 2))):
        annual = draw(st.booleans())
        step = 12 if annual else 1
        months = step * draw(st.integers(1, 10 if annual else 120))
        loans.append({"name": f"P{i}", "amount": draw(st.floats(1, 200_000)), "rate": draw(st.floats(0, 0.12)),
                      "months": months, "month": draw(month), "annual": annual,
                      "deferral_months": step * draw(st.integers(0, months // step - 1)),
                      "deferral_kind": draw(st.sampled_from(["partial", "total"])),
                      "method": draw(st.sampled_from(["annuity", "constant_principal"])),
                      "insurance_rate": draw(st.floats(0, 0.01)), "guarantee_fee": draw(st.floats(0, 0.03))})
    data = {
        "project": {"name": "P", "start": start.isoformat()[:7], "first_closing": closing.isoformat(),
                    "legal_form": form, "tax_regime": tax,
                    "vat_regime": draw(st.sampled_from(["franchise", "simplifie", "normal_monthly",
                                                        "normal_quarterly"])),
                    "activity": draw(st.sampled_from(["ventes", "services_bic", "bnc"])),
                    "overdraft_rate": draw(st.floats(0, 0.2))},
        "revenue": revenue, "charges": charges, "staff": staff, "investments": investments,
        "taxes": [{"name": "CFE", "amount": draw(st.floats(0, 3000))}],
        "manager": {"regime": manager, "net_monthly": draw(st.floats(0, 5000)), "acre": draw(st.booleans())},
        "financing": {"equity": [{"name": "K", "amount": draw(amount), "month": draw(month)}],
                      "current_accounts": [{"name": "CC", "amount": draw(amount)}],
                      "honour_loans": [{"name": "H", "amount": draw(amount)}],
                      "subsidies": [{"name": "S", "amount": draw(amount),
                                     "kind": draw(st.sampled_from(["exploitation", "investissement"]))}],
                      "loans": loans},
        "opening": {"fixed_assets": draw(amount), "stocks": draw(amount), "receivables": draw(amount),
                    "cash": draw(st.floats(-20_000, 50_000)), "payables": draw(amount),
                    "financial_debts": draw(amount)},
    }
    return validate(data)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_cash_adds_up_and_bilan_balances(plan):
    result = compute(plan)
    cash = result.cash_plan
    flows = sum(sum(row) for row in cash["rows"].values())
    tolerance = 0.005 * len(cash["rows"]) * len(result.months) + 1e-6  # each cell is rounded to the cent
    assert abs(cash["closing"][-1] - (cash["opening"] + flows)) <= tolerance
    assert abs(cash["opening"] + sum(cash["net"]) - cash["closing"][-1]) <= tolerance
    for sheet, statement in zip(result.bilan, result.income_statement, strict=True):
        assert sheet["balanced"], sheet
        assert abs(sheet["passif"]["resultat"] - statement["sig"]["resultat_net"]) <= 0.011
    assert all(year["matches_cash_plan"] for year in result.financing_plan["years"])
    assert all(s["is_fixed_point"] and s["caf_methods_agree"] for s in result.income_statement)
    assert cash["lowest"]["amount"] == min(cash["closing"])
