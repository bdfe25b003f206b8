-- The fail-open ledger of playtcha-jakarta on PostgreSQL, schema version 2.
-- Created on first use unless playtcha.ledger.create-schema=false; then run this once yourself. It
-- also upgrades the tables of version 1 (every statement can run again).
-- One row per request that failed open, from the request until `playtcha.ledger.retention`
-- after it was reported or parked. The token is erased as soon as the entry is settled; its hash
-- stays with the row: it is the token's claim, which refuses the token on every node.
CREATE TABLE IF NOT EXISTS playtcha_ledger_schema (
    version      INTEGER     NOT NULL PRIMARY KEY,
    installed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS playtcha_ledger (
    id                TEXT        NOT NULL PRIMARY KEY, -- the entry id: the request attribute com.playtcha.ledger-id
    token             TEXT,                             -- the result token; NULL once settled
    recorded_at       TIMESTAMPTZ NOT NULL,             -- when the request failed open
    path              TEXT,                             -- the request's path
    remote_address    TEXT,                             -- the client's address (getRemoteAddr())
    cause             TEXT        NOT NULL,             -- why it failed open: timeout, circuit_open, ...
    posted            BOOLEAN     NOT NULL DEFAULT FALSE, -- the ledger posted the token itself at least once
    state             TEXT        NOT NULL DEFAULT 'open', -- open, settled, reported, parked
    outcome           TEXT,                             -- CONFIRMED, REJECTED, AMBIGUOUS, EXPIRED
    result            TEXT,                             -- Playtcha's answer: verified, rejected, unavailable
    code              TEXT,
    message           TEXT,
    request_id        TEXT,
    http_status       INTEGER,
    degraded          BOOLEAN,
    settled_at        TIMESTAMPTZ,
    owner             TEXT,                             -- the node working on it; NULL once done
    claimed_at        TIMESTAMPTZ NOT NULL,             -- its owner's lease, renewed while that node lives
    failed_deliveries INTEGER     NOT NULL DEFAULT 0,   -- listener failures on its outcome
    next_delivery     TIMESTAMPTZ,
    done_at           TIMESTAMPTZ                       -- reported or parked; deleted after the retention
);
CREATE INDEX IF NOT EXISTS playtcha_ledger_claimable ON playtcha_ledger (claimed_at) WHERE state IN ('open', 'settled');
CREATE INDEX IF NOT EXISTS playtcha_ledger_owner ON playtcha_ledger (owner) WHERE state IN ('open', 'settled');
CREATE INDEX IF NOT EXISTS playtcha_ledger_done ON playtcha_ledger (done_at) WHERE done_at IS NOT NULL;
INSERT INTO playtcha_ledger_schema (version) VALUES (1) ON CONFLICT (version) DO NOTHING;
-- Version 2: the token's claim. A NULL hash claims nothing.
ALTER TABLE playtcha_ledger ADD COLUMN IF NOT EXISTS token_hash BYTEA; -- SHA-256 of the token, kept until the row is deleted
CREATE UNIQUE INDEX IF NOT EXISTS playtcha_ledger_token ON playtcha_ledger (token_hash);
-- Rows of version 1 that still hold their token (not settled yet) claim it now: where two hold one
-- token, the one recorded first. Settled rows erased their token and keep a NULL hash.
UPDATE playtcha_ledger SET token_hash = first.hash
FROM (SELECT DISTINCT ON (sha256(convert_to(token, 'UTF8'))) id, sha256(convert_to(token, 'UTF8')) AS hash
      FROM playtcha_ledger WHERE token_hash IS NULL AND token IS NOT NULL
      ORDER BY sha256(convert_to(token, 'UTF8')), recorded_at, id) first
WHERE playtcha_ledger.id = first.id
  AND NOT EXISTS (SELECT 1 FROM playtcha_ledger held WHERE held.token_hash = first.hash);
INSERT INTO playtcha_ledger_schema (version) VALUES (2) ON CONFLICT (version) DO NOTHING;
