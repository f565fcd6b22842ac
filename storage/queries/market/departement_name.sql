SELECT name FROM audience.market_departements WHERE departement = ?;
