SELECT p.departement, coalesce(any_value(d.name), p.departement) AS name, sum(p.population) AS population
FROM audience.market_population p LEFT JOIN audience.market_departements d USING (departement)
GROUP BY p.departement ORDER BY p.departement;
