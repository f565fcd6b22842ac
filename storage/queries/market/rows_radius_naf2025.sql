-- Establishments (active and closed) of one code within a radius: a bounding box first (cheap), then the
-- great-circle distance (haversine, Earth radius 6,371 km). Parameters: code, lat min/max, lon min/max,
-- centre lat, centre lat, centre lon, km.
SELECT siret, naf, naf25, commune, departement, active, headcount, created, state_since, name, partial, lon, lat, geo_quality, geo_precision
FROM audience.market_establishments
WHERE naf25 = ? AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?
  AND 2 * 6371 * asin(sqrt(pow(sin(radians(lat - ?) / 2), 2)
      + cos(radians(?)) * cos(radians(lat)) * pow(sin(radians(lon - ?) / 2), 2))) <= ?;
