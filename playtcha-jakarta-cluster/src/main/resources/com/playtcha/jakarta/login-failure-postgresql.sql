-- The failed logins that playtcha-jakarta counts on PostgreSQL (playtcha.ledger.datasource,
-- playtcha.login.require=after-failures), kept by Bucket4j.
-- Created on first use unless playtcha.ledger.create-schema=false; then run this once yourself.
-- One row for the application (in playtcha_login_failure) and one per account or client (an IPv4 address, an
-- IPv6 /64, /56 or /48, in playtcha_login_count) that failed recently,
-- each as a 64-bit hash (no account name, no address is stored). Bucket4j spends from a row under
-- pg_advisory_xact_lock(explicit_lock).
CREATE TABLE IF NOT EXISTS playtcha_login_failure (
    id         BIGINT NOT NULL PRIMARY KEY, -- the first 8 bytes of SHA-256 of what is counted
    state      BYTEA,                       -- Bucket4j's bucket, in its own format
    expires_at BIGINT,                      -- epoch ms after which the bucket is full again and the row may go
    explicit_lock BIGINT                    -- the advisory lock Bucket4j takes for the row: the id itself
);
CREATE INDEX IF NOT EXISTS playtcha_login_failure_expires ON playtcha_login_failure (expires_at);
-- The levels of accounts and clients (the rows above keep the application's rate alone), written by
-- one statement per call: a failure raises a key's level by one, and it drains at the key's limit a window.
CREATE TABLE IF NOT EXISTS playtcha_login_count (
    id         BIGINT NOT NULL PRIMARY KEY,    -- the first 8 bytes of SHA-256 of what is counted
    level      DOUBLE PRECISION NOT NULL,      -- failures counted, less what drained by at
    at         BIGINT NOT NULL,                -- epoch ms of the last change
    per_ms     DOUBLE PRECISION NOT NULL,      -- what drains each millisecond: the key's limit a window
    expires_at BIGINT NOT NULL                 -- epoch ms at which the level has drained to zero and the row may go
);
CREATE INDEX IF NOT EXISTS playtcha_login_count_expires ON playtcha_login_count (expires_at);
