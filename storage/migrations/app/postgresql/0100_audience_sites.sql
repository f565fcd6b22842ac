-- PostgreSQL translation of ../0100_audience_sites.sql (same tables and columns; tests compare the two schemas).
-- Websites whose audience is collected (audience/sites.py); managed by staff.
CREATE TABLE audience_sites (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR NOT NULL UNIQUE,
    hosts VARCHAR[] NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by UUID
);
