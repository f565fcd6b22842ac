-- Addresses of one commune (by postcode or folded name) whose street is close to the one typed, best
-- first: street similarity, then the number typed (exact, else the nearest), then its repetition index
-- ("" for none). Parameters: street key, postcode, commune key, commune key, number, rep, limit.
WITH candidates AS (
    SELECT *, jaro_winkler_similarity(street_key, ?) AS score
    FROM audience.market_addresses
    WHERE postcode = ? OR commune_key = ? OR starts_with(commune_key, ? || ' ')
)
SELECT number, rep, street, postcode, commune, commune_name, lat, lon, score
FROM candidates
WHERE score >= 0.85
ORDER BY round(score, 2) DESC, abs(coalesce(number, 0) - ?), coalesce(lower(rep), '') <> ?, street, commune
LIMIT ?;
