-- The given communes with their arrondissements (Paris, Lyon, Marseille: Sirene codes establishments by
-- arrondissement), and their population.
WITH wanted AS (
    SELECT unnest(?::VARCHAR[]) AS commune
    UNION
    SELECT commune FROM audience.market_communes WHERE list_contains(?::VARCHAR[], parent)
)
SELECT w.commune, coalesce(p.population, 0) AS population, coalesce(p.departement, c.departement) AS departement,
       coalesce(c.name, p.name, w.commune) AS name
FROM wanted w
LEFT JOIN audience.market_population p USING (commune)
LEFT JOIN audience.market_communes c USING (commune)
WHERE p.commune IS NOT NULL OR c.commune IS NOT NULL;
