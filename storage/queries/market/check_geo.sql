SELECT count(*), count(*) FILTER (WHERE lon IS NULL OR lat NOT BETWEEN -90 AND 90) FROM audience.market_geo_staging;
