-- PostgreSQL translation of ../0400_forecasts.sql (same tables and columns; tests compare the two schemas).
-- Saved forecasts (prévisionnels), per user. Every save is a new version: forecast_versions keeps
-- the plan document (the JSON of forecast.model) of each one; forecasts holds the name and the latest
-- version number. The owner's id is repeated on each version so that the personal-data export, the
-- erasure and the retention of inactive accounts (privacy/datamap.py) find every row by its person.
CREATE TABLE forecasts (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         UUID NOT NULL,
    name            VARCHAR NOT NULL,
    latest_version  INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE forecast_versions (
    forecast_id  UUID NOT NULL,
    version      INTEGER NOT NULL,
    user_id      UUID NOT NULL,
    note         VARCHAR NOT NULL DEFAULT '',
    plan         JSON NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (forecast_id, version)
);
