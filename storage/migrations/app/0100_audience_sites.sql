-- Websites whose audience is collected (audience/sites.py); managed by staff.
CREATE TABLE audience_sites (
    id UUID PRIMARY KEY DEFAULT uuid(),
    name VARCHAR NOT NULL UNIQUE,
    hosts VARCHAR[] NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by UUID
);
