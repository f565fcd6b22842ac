-- PostgreSQL translation of ../0350_consent_events.sql (same tables and columns; tests compare the two schemas).
-- Proof of consent (GDPR Art. 7(1)): one row per choice made in the banner, refusals included.
-- Never a raw IP: ip_trunc comes from audience.anonymise. Rows are kept while the consent is valid
-- plus the proof period of privacy/organisation.toml (retention.consent_proof_years).
CREATE TABLE consent_events (
    id                  UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    consent_id          UUID NOT NULL,           -- the browser's choice, carried in its cookie
    user_id             UUID,                    -- the account, when the visitor was logged in
    policy_version      VARCHAR NOT NULL,
    banner_text_sha256  VARCHAR NOT NULL,
    decisions           JSON NOT NULL,           -- {"necessary": true, "audience": bool, "remember": bool}
    method              VARCHAR NOT NULL CHECK (method IN ('accept_all', 'refuse_all', 'custom', 'withdraw', 'gpc')),
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    ip_trunc            VARCHAR,
    user_agent          VARCHAR
);
