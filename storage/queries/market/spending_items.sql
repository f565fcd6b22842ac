SELECT coicop, label, spending, year FROM audience.market_spending ORDER BY coicop;
