-- Addresses of one commune (by postcode or folded name) whose street is close to the one typed, best
-- first: street similarity, then the number typed (exact, else the nearest). Parameters: street key,
-- postcode, commune key, commune key, number (or NULL, twice), limit.
WITH candidates AS (
    SELECT *, jaro_winkler_similarity(street_key, ?) AS score
    FROM audience.market_addresses
    WHERE postcode = ? OR commune_key = ? OR starts_with(commune_key, ? || ' ')
)
SELECT number, rep, street, postcode, commune, commune_name, lat, lon, score
FROM candidates
WHERE score >= 0.85
ORDER BY round(score, 2) DESC, abs(coalesce(number, 0) - coalesce(?, 0)), ? IS NOT NULL AND rep IS NOT NULL,
         street, commune
LIMIT ?;
