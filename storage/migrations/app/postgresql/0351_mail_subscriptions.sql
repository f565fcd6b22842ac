-- PostgreSQL translation of ../0351_mail_subscriptions.sql (same tables and columns; tests compare the two schemas).
-- Mailings a person opted into (e.g. "news") and objections to mailings (kind "all" = every
-- optional mailing). Keyed by address so that people without an account can object too.
CREATE TABLE mail_subscriptions (
    email       VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    subscribed  BOOLEAN NOT NULL,
    source      VARCHAR NOT NULL,                -- 'account', 'link' (one-click), 'request'
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (email, kind)
);
