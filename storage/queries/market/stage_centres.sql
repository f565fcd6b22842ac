-- Each commune's centre: the median position of its geolocated establishments (no contour file needed).
CREATE OR REPLACE TABLE audience.market_commune_centres_staging AS
SELECT commune, median(lon) AS lon, median(lat) AS lat, count(*) AS points
FROM audience.market_establishments_staging
WHERE lat IS NOT NULL AND commune IS NOT NULL
GROUP BY commune
ORDER BY commune;
