-- Audience data (anonymised): raw events with a short retention, daily aggregates that expire
-- after [retention] audience_aggregates_months. No IP address: only its masked prefix.
CREATE TABLE events (
    site VARCHAR NOT NULL,
    ts TIMESTAMPTZ NOT NULL,
    day DATE NOT NULL,              -- local day (site time zone): sessions split at midnight
    visitor_id BIGINT NOT NULL,     -- keyed hash with that day's key (destroyed after 48 h)
    ip_prefix VARCHAR,              -- anonymise.anonymise_ip(): IPv4 /16, IPv6 /48 at most
    origin VARCHAR NOT NULL,        -- js | app | log
    path VARCHAR NOT NULL,
    referrer_host VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    utm_medium VARCHAR NOT NULL,
    utm_campaign VARCHAR NOT NULL,
    browser VARCHAR NOT NULL,
    os VARCHAR NOT NULL,
    device VARCHAR NOT NULL,
    language VARCHAR NOT NULL,
    import_id VARCHAR               -- log imports only
);

-- Daily figures per dimension value. dimension in: total (value ''), hour ('00'..'23'),
-- page, entry, exit, channel, source, campaign, browser, os, device, language.
CREATE TABLE daily_dimensions (
    site VARCHAR NOT NULL,
    day DATE NOT NULL,
    dimension VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    visitors BIGINT NOT NULL,
    visits BIGINT NOT NULL,
    pageviews BIGINT NOT NULL,
    bounces BIGINT NOT NULL,
    duration_s BIGINT NOT NULL
);

-- Visits per day and combination of visit dimensions: filters by any visit dimension.
CREATE TABLE daily_visits (
    site VARCHAR NOT NULL,
    day DATE NOT NULL,
    entry_page VARCHAR NOT NULL,
    exit_page VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    campaign VARCHAR NOT NULL,
    browser VARCHAR NOT NULL,
    os VARCHAR NOT NULL,
    device VARCHAR NOT NULL,
    language VARCHAR NOT NULL,
    visitors BIGINT NOT NULL,
    visits BIGINT NOT NULL,
    pageviews BIGINT NOT NULL,
    bounces BIGINT NOT NULL,
    duration_s BIGINT NOT NULL
);

-- Page views per day, page and visit dimensions: page reports filtered by any dimension.
CREATE TABLE daily_pages (
    site VARCHAR NOT NULL,
    day DATE NOT NULL,
    path VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    campaign VARCHAR NOT NULL,
    browser VARCHAR NOT NULL,
    os VARCHAR NOT NULL,
    device VARCHAR NOT NULL,
    language VARCHAR NOT NULL,
    visitors BIGINT NOT NULL,
    pageviews BIGINT NOT NULL,
    entries BIGINT NOT NULL,
    exits BIGINT NOT NULL
);

-- Log files already imported (digest of the decompressed content), so a re-import adds nothing.
CREATE TABLE log_imports (
    id VARCHAR PRIMARY KEY,
    site VARCHAR NOT NULL,
    digest VARCHAR NOT NULL,
    bytes BIGINT NOT NULL,
    lines BIGINT NOT NULL,
    stored BIGINT NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
