-- PostgreSQL translation of ../0310_breaches.sql (same tables and columns; tests compare the two schemas).
-- Breach register (GDPR Art. 33(5): every breach, notified or not).
CREATE TABLE breaches (
    id                  UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    title               VARCHAR NOT NULL,
    occurred_at         TIMESTAMPTZ NOT NULL,
    aware_at            TIMESTAMPTZ NOT NULL,
    nature              VARCHAR NOT NULL,
    categories_people   VARCHAR NOT NULL DEFAULT '',
    approx_people       INTEGER NOT NULL DEFAULT 0,
    categories_records  VARCHAR NOT NULL DEFAULT '',
    approx_records      INTEGER NOT NULL DEFAULT 0,
    consequences        VARCHAR NOT NULL DEFAULT '',
    measures            VARCHAR NOT NULL DEFAULT '',
    risk_level          VARCHAR NOT NULL DEFAULT 'unassessed',
    risk_reasoning      VARCHAR NOT NULL DEFAULT '',
    cnil_notified_at    TIMESTAMPTZ,
    cnil_reference      VARCHAR NOT NULL DEFAULT '',
    late_reason         VARCHAR NOT NULL DEFAULT '',
    persons_notified_at TIMESTAMPTZ,
    persons_notified    INTEGER NOT NULL DEFAULT 0,
    created_by          UUID,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Accounts told about a breach (Art. 34), and when.
CREATE TABLE breach_affected (
    breach_id   UUID NOT NULL,
    user_id     UUID NOT NULL,
    notified_at TIMESTAMPTZ
);
