"""Market sizing, pure functions with the methods of finance.md §5.1; every input is an assumption the
page shows with its explanation and source, and the user may change.

- top-down:  households (population / household size) × yearly spending per household on the COICOP
             poste × share of it going to this kind of business × local disparity index;
- bottom-up: target customers × purchases per year × average basket, or
             capacity × occupancy × revenue per unit and period × periods per year
             (W8: 1,000 m² × 100 % × 1,200 €/m²/month × 12 = 14,400,000 €/year);
- "addition des marchés": declared buyers × realisation rate × monthly spending × 12
             (2,000 × 50 % × 100 € × 12 = 1,200,000 €);
- reachable revenue = market × expected share; default share 1 / (competitors + 1);
- a forecast's revenue for years 1–3 against the reachable revenue: plain verdict and implied share.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

HOUSEHOLD_SIZE = 2.2          # persons per household, France (INSEE, recensement): the default divisor
WITHIN, AMBITIOUS, OUT_OF_REACH, ABOVE_MARKET = "within", "ambitious", "out_of_reach", "above_market"
AMBITIOUS_FACTOR = 1.5        # up to 1.5 × the reachable revenue: ambitious but arguable


@dataclass(frozen=True)
class Assumption:
    key: str          # catalogue: market.assumption.<key> (label), .<key>.help (explanation)
    value: float
    source: str       # catalogue key of the source, or the dataset label it came from


def top_down(population: float, spending_per_household: float, share_to_business: float,
             disparity_index: float = 1.0, household_size: float = HOUSEHOLD_SIZE) -> float:
    """Yearly market of the area in euros (households × spending × share × disparity)."""
    if household_size <= 0:
        raise ValueError("household size must be positive")
    return population / household_size * spending_per_household * share_to_business * disparity_index


def bottom_up_customers(customers: float, purchases_per_year: float, basket: float) -> float:
    return customers * purchases_per_year * basket


def bottom_up_capacity(capacity: float, occupancy: float, revenue_per_unit: float, periods: float) -> float:
    """capacity × occupancy × revenue per unit and period × periods per year (W8 with occupancy 1)."""
    return capacity * occupancy * revenue_per_unit * periods


def addition_des_marches(declared_buyers: float, realisation_rate: float, monthly_spending: float,
                         months: float = 12) -> float:
    return declared_buyers * realisation_rate * monthly_spending * months


def default_share(competitors: int) -> float:
    """An equal share among the competitors and the newcomer: 1 / (n + 1)."""
    return 1 / (max(0, competitors) + 1)


def reachable(market: float, share: float) -> float:
    return market * share


@dataclass(frozen=True)
class YearCheck:
    year: int                 # 1, 2, 3
    revenue: float            # the forecast's revenue HT
    implied_share: float      # revenue / market
    ratio: float              # revenue / reachable revenue
    verdict: str


def verdict(revenue: float, market: float, reachable_revenue: float) -> str:
    if market > 0 and revenue > market:
        return ABOVE_MARKET
    if reachable_revenue <= 0:
        return OUT_OF_REACH if revenue > 0 else WITHIN
    ratio = revenue / reachable_revenue
    return WITHIN if ratio <= 1 else AMBITIOUS if ratio <= AMBITIOUS_FACTOR else OUT_OF_REACH


def compare(revenues: list[float], market: float, reachable_revenue: float) -> list[YearCheck]:
    """Each forecast year's revenue against the market and the reachable revenue."""
    out = []
    for year, revenue in enumerate(revenues[:3], start=1):
        out.append(YearCheck(year, revenue, revenue / market if market > 0 else float("inf"),
                             revenue / reachable_revenue if reachable_revenue > 0 else float("inf"),
                             verdict(revenue, market, reachable_revenue)))
    return out


def worst(checks: list[YearCheck]) -> str | None:
    order = (WITHIN, AMBITIOUS, OUT_OF_REACH, ABOVE_MARKET)
    return max((c.verdict for c in checks), key=order.index) if checks else None


def checks_to_dicts(checks: list[YearCheck]) -> list[dict]:
    return [asdict(c) for c in checks]
