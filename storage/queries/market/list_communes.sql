-- Communes for the area picker: code, name, département.
SELECT p.commune, coalesce(c.name, p.name) AS name, p.departement, p.population
FROM audience.market_population p LEFT JOIN audience.market_communes c USING (commune)
ORDER BY name, p.commune;
