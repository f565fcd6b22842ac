SELECT departement, sum(population) FROM audience.market_population
WHERE list_contains(?::VARCHAR[], departement) GROUP BY departement;
