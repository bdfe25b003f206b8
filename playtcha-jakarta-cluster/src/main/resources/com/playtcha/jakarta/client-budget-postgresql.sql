-- The client budgets of playtcha-jakarta on PostgreSQL (playtcha.ledger.datasource), kept by Bucket4j.
-- Created on first use unless playtcha.ledger.create-schema=false; then run this once yourself.
-- One row per budgeted client: an IPv4 address, an IPv6 /64, or other text, each as a 64-bit hash
-- (no address is stored). Bucket4j spends from a row under pg_advisory_xact_lock(explicit_lock).
CREATE TABLE IF NOT EXISTS playtcha_client_budget (
    id         BIGINT NOT NULL PRIMARY KEY, -- the first 8 bytes of SHA-256 of the client's budget key
    state      BYTEA,                       -- Bucket4j's bucket, in its own format
    expires_at BIGINT,                      -- epoch ms after which the bucket is full again and the row may go
    explicit_lock BIGINT                    -- the advisory lock Bucket4j takes for the row: the id itself
);
CREATE INDEX IF NOT EXISTS playtcha_client_budget_expires ON playtcha_client_budget (expires_at);
