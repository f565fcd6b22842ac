-- Active establishments of one code per département, for the départemental and national densities.
SELECT departement, count(*) AS active
FROM audience.market_establishments
WHERE naf25 = ? AND active
GROUP BY departement;
