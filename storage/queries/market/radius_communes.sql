-- Communes whose centre lies within the radius, with their population (the population of a radius area).
-- Parameters: lat min/max, lon min/max, centre lat, centre lat, centre lon, km.
SELECT c.commune, coalesce(p.population, 0) AS population, coalesce(p.departement, left(c.commune, 2)) AS departement
FROM audience.market_commune_centres c
LEFT JOIN audience.market_population p USING (commune)
WHERE c.lat BETWEEN ? AND ? AND c.lon BETWEEN ? AND ?
  AND 2 * 6371 * asin(sqrt(pow(sin(radians(c.lat - ?) / 2), 2)
      + cos(radians(?)) * cos(radians(c.lat)) * pow(sin(radians(c.lon - ?) / 2), 2))) <= ?;
