SELECT coalesce(sum(population), 0) FROM audience.market_population;
