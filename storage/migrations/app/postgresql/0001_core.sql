-- PostgreSQL translation of ../0001_core.sql (same tables and columns; tests compare the two schemas).
-- Accounts, login state, one-time tokens, contact requests and the local mail outbox.
CREATE TABLE users (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email           VARCHAR NOT NULL UNIQUE,
    password_hash   VARCHAR NOT NULL,
    first_name      VARCHAR NOT NULL DEFAULT '',
    last_name       VARCHAR NOT NULL DEFAULT '',
    company         VARCHAR NOT NULL DEFAULT '',
    siren           VARCHAR NOT NULL DEFAULT '',
    roles           VARCHAR[] NOT NULL DEFAULT ARRAY['user'],
    language        VARCHAR NOT NULL DEFAULT 'fr',
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    confirmed_at    TIMESTAMPTZ,
    disabled_at     TIMESTAMPTZ,
    last_active_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Login cookies that are still honoured: a cookie absent from here is refused, which is how
-- logout and password changes revoke cookies server-side.
CREATE TABLE login_cookies (
    user_id     UUID NOT NULL,
    exp_date    DOUBLE PRECISION NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE login_failures (
    user_id  UUID NOT NULL,
    failed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Single-use tokens (email confirmation, password reset); only their SHA-256 is stored.
CREATE TABLE auth_tokens (
    token_hash  VARCHAR PRIMARY KEY,
    user_id     UUID NOT NULL,
    purpose     VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);

CREATE TABLE contact_requests (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name        VARCHAR NOT NULL,
    email       VARCHAR NOT NULL,
    company     VARCHAR NOT NULL DEFAULT '',
    topic       VARCHAR NOT NULL,
    message     VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    handled_at  TIMESTAMPTZ,
    handled_by  UUID
);

-- Mails kept here when no SMTP server is configured, so the demo works offline.
CREATE TABLE mail_outbox (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    to_addr     VARCHAR NOT NULL,
    subject     VARCHAR NOT NULL,
    body        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
