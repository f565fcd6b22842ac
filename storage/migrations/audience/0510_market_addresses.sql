-- The national address file (BAN), for a radius "around an address": one row per address, only the
-- columns the search needs, sorted by commune then street. Addresses are places, not people.
CREATE TABLE market_addresses (
    postcode     VARCHAR,   -- code_postal
    commune      VARCHAR,   -- code_insee
    commune_name VARCHAR,   -- nom_commune
    commune_key  VARCHAR,   -- nom_commune folded (lower case, no accents, no punctuation), for the search
    street       VARCHAR,   -- nom_voie
    street_key   VARCHAR,   -- nom_voie folded the same way
    number       INTEGER,   -- numero
    rep          VARCHAR,   -- rep (bis, ter, a...)
    lon          DOUBLE,
    lat          DOUBLE,
    position     VARCHAR    -- type_position (entrée, bâtiment, ...)
);
