-- API keys: how merchant systems and other integrations authenticate to /api/** (Authorization: Bearer <key>),
-- instead of a person's password. Operations create and revoke them; the key itself is shown once, in the
-- answer that creates it. At rest only its SHA-256 is kept: the key is 256 random bits, so a plain hash cannot be
-- guessed back, and a key is found by its public id (the part of the key before the secret).
-- Portable SQL: runs on PostgreSQL (production, tests) and H2 (the embedded default).

create table api_keys (
    id            varchar(32)  primary key,
    name          varchar(200) not null,
    -- hex SHA-256 of the whole key; compared in constant time
    key_hash      varchar(64)  not null,
    -- the groups (roles) the key acts with, separated by spaces, e.g. "merchant-api"
    roles         varchar(500) not null,
    created_at    timestamp with time zone not null,
    created_by    varchar(64)  not null,
    -- updated at most once per returnflow.api-keys.last-used-precision
    last_used_at  timestamp with time zone,
    revoked_at    timestamp with time zone,
    revoked_by    varchar(64)
);
