SELECT commune, population, departement, name FROM audience.market_population WHERE departement = ?;
