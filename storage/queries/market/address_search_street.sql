-- Without a number: one row per matching street, at the median position of its addresses. Parameters:
-- street key, postcode, commune key, commune key, limit.
WITH candidates AS (
    SELECT *, jaro_winkler_similarity(street_key, ?) AS score
    FROM audience.market_addresses
    WHERE postcode = ? OR commune_key = ? OR starts_with(commune_key, ? || ' ')
)
SELECT NULL::INTEGER AS number, NULL::VARCHAR AS rep, street, min(postcode) AS postcode, commune,
       min(commune_name) AS commune_name, median(lat) AS lat, median(lon) AS lon, max(score) AS score
FROM candidates
WHERE score >= 0.85
GROUP BY commune, street
ORDER BY round(max(score), 2) DESC, street, commune
LIMIT ?;
