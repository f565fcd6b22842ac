-- Dropped hits per site, local day and reason (bots, Do Not Track, consent...), written with the
-- events of the same batch and expired with the aggregates ([retention] audience_aggregates_months).
-- Drops whose site is unknown (refused by the collector before the pipeline) are not stored here.
CREATE TABLE daily_drops (
    site VARCHAR NOT NULL,
    day DATE NOT NULL,              -- local day of the hit (site time zone)
    reason VARCHAR NOT NULL,        -- audience.event.Drop
    hits BIGINT NOT NULL
);

-- Country (ISO 3166 code) and network (ASN organisation), looked up in memory on the full IP at
-- ingestion when a local GeoIP/ASN database file is configured ([audience] geoip_database,
-- asn_database); '' otherwise. Nothing more precise is stored.
ALTER TABLE events ADD COLUMN country VARCHAR NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN network VARCHAR NOT NULL DEFAULT '';
ALTER TABLE daily_visits ADD COLUMN country VARCHAR NOT NULL DEFAULT '';
ALTER TABLE daily_visits ADD COLUMN network VARCHAR NOT NULL DEFAULT '';
ALTER TABLE daily_pages ADD COLUMN country VARCHAR NOT NULL DEFAULT '';
ALTER TABLE daily_pages ADD COLUMN network VARCHAR NOT NULL DEFAULT '';
