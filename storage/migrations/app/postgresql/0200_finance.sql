-- PostgreSQL translation of ../0200_finance.sql (same tables and columns; tests compare the two schemas).
-- Saved company analyses: one row per analysis, the years as the JSON of finance.YearAnalysis.to_dict().
CREATE TABLE finance_analyses (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     UUID NOT NULL,
    name        VARCHAR NOT NULL,
    company     VARCHAR NOT NULL DEFAULT '',
    siren       VARCHAR NOT NULL DEFAULT '',
    years       VARCHAR NOT NULL DEFAULT '',
    kind        VARCHAR NOT NULL,
    payload     JSON NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
