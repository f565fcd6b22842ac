SELECT count(*), count(*) FILTER (WHERE departement IS NULL) FROM audience.market_departements_staging;
