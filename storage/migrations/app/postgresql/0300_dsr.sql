-- PostgreSQL translation of ../0300_dsr.sql (same tables and columns; tests compare the two schemas).
-- Data-subject requests, their verification codes, identity proofs, access packages and audit trail.
-- Who the person is lives only in dsr_requests (requester_email, names, user_id); everything else
-- refers to a request or to subject_ref, a keyed hash of the e-mail, so the trail survives an erasure.
CREATE TABLE dsr_requests (
    id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    reference        VARCHAR NOT NULL UNIQUE,
    subject_ref      VARCHAR NOT NULL,
    requester_email  VARCHAR,
    first_name       VARCHAR,
    last_name        VARCHAR,
    user_id          UUID,
    actions          VARCHAR[] NOT NULL,
    message          VARCHAR,
    channel          VARCHAR NOT NULL DEFAULT 'web',
    language         VARCHAR NOT NULL DEFAULT 'fr',
    state            VARCHAR NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    verified_at      TIMESTAMPTZ,
    -- The deadline clock is paused while identity is unconfirmed: paused_since is set then.
    paused_since     TIMESTAMPTZ,
    paused_seconds   BIGINT NOT NULL DEFAULT 0,
    extension_months INTEGER NOT NULL DEFAULT 0,
    extension_reason VARCHAR,
    refusal_reason   VARCHAR,
    result_summary   VARCHAR,
    closed_at        TIMESTAMPTZ
);

-- One live verification per request; only hashes of the link token and of the code are stored.
CREATE TABLE dsr_verifications (
    request_id  UUID NOT NULL,
    token_hash  VARCHAR NOT NULL,
    code_hash   VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    used_at     TIMESTAMPTZ
);

-- Proofs of identity: the file itself is encrypted outside the database (identity_docs/).
CREATE TABLE dsr_identity_docs (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    request_id  UUID NOT NULL,
    stored_name VARCHAR NOT NULL,
    media_type  VARCHAR NOT NULL DEFAULT 'application/octet-stream',
    uploaded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Access packages waiting to be downloaded (encrypted file under exports/, hashed link token).
CREATE TABLE dsr_exports (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    request_id    UUID NOT NULL,
    token_hash    VARCHAR NOT NULL,
    stored_name   VARCHAR NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at    TIMESTAMPTZ NOT NULL,
    downloaded_at TIMESTAMPTZ
);

-- Who did what, when: never an e-mail, only keyed hashes and request references.
CREATE TABLE dsr_audit (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor_id    UUID,
    actor_kind  VARCHAR NOT NULL,
    action      VARCHAR NOT NULL,
    subject_ref VARCHAR,
    request_ref VARCHAR,
    details     JSON
);

-- Index of the restricted archive (legal holds); the rows themselves are encrypted files.
CREATE TABLE privacy_legal_archive (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    subject_ref  VARCHAR NOT NULL,
    source_table VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,
    stored_name  VARCHAR NOT NULL,
    row_count    INTEGER NOT NULL,
    archived_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ NOT NULL
);

-- Retention: warnings sent before an inactive account is erased, and each job run.
CREATE TABLE inactivity_warnings (
    user_id   UUID PRIMARY KEY,
    warned_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE retention_runs (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    job          VARCHAR NOT NULL,
    run_trigger  VARCHAR NOT NULL,
    actor_id     UUID,
    started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ,
    rows_deleted BIGINT NOT NULL DEFAULT 0,
    status       VARCHAR NOT NULL DEFAULT 'running',
    details      VARCHAR
);
