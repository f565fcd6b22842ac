-- PostgreSQL translation of ../0500_market_studies.sql (same tables and columns; tests compare the two schemas).
-- Saved market studies, one row per study: the study document (activity, area, assumptions, chosen
-- forecast, and the figures with the dates of the datasets they came from) as JSON.
CREATE TABLE market_studies (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     UUID NOT NULL,
    name        VARCHAR NOT NULL,
    payload     JSON NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
