package com.playtcha.jakarta.cluster.jdbc;

import com.playtcha.jakarta.cluster.ledger.LedgerTable;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.StoredEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements on {@code playtcha_ledger} ({@link JdbcTable}'s) and the mapping of its rows to entries. Playtcha's words
 * (code, message, request id) are bounded as the journal bounds them. A settled row has no token any
 * more (an entry read back from one carries the empty token), only its hash, until the row is deleted.
 */
final class LedgerRows {

    /**
     * An entry's row, which is its token's claim: no row when another row has the token's hash (the
     * unique index {@code playtcha_ledger_token}), whose id {@link #HOLDER} then reads: this entry's
     * own, when an earlier try of the insert landed and its answer was lost.
     */
    static final String INSERT = "INSERT INTO playtcha_ledger (id, token, recorded_at, path, remote_address, cause, owner, "
            + "claimed_at, token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, now(), ?) ON CONFLICT (token_hash) DO NOTHING";
    static final String HOLDER = "SELECT id, recorded_at FROM playtcha_ledger WHERE token_hash = ?";
    /** A row written for a request that was refused meanwhile (its claim answered too late, {@code claim-unavailable=refuse}). */
    static final String WITHDRAW = "DELETE FROM playtcha_ledger WHERE id = ? AND owner = ? AND state = 'open'";
    /**
     * Before every post: one row when this node still owns the open entry (its lease on the row
     * renewed with it, so that no node takes it over while the post is in flight); none when it does not.
     */
    static final String POSTING = "UPDATE playtcha_ledger SET posted = TRUE, claimed_at = now() "
            + "WHERE id = ? AND owner = ? AND state = 'open'";
    /**
     * The outcome, stored and the token erased before any listener hears it; one row when this node
     * still owns the entry. Again on a settled row (a retry after an answer lost) it writes the same.
     */
    static final String SETTLED = "UPDATE playtcha_ledger SET state = 'settled', token = NULL, outcome = ?, result = ?, "
            + "code = ?, message = ?, request_id = ?, http_status = ?, degraded = ?, settled_at = ?, claimed_at = now() "
            + "WHERE id = ? AND owner = ? AND state IN ('open', 'settled')";
    /** Whether a row whose update found nothing of this node's is there at all (another node's), or not written yet. */
    static final String EXISTS = "SELECT 1 FROM playtcha_ledger WHERE id = ?";
    static final String REPORTED = "UPDATE playtcha_ledger SET state = 'reported', token = NULL, owner = NULL, "
            + "done_at = now() WHERE id = ? AND owner = ?";
    /**
     * Never over a count already higher: a record the writer makes late (it was queued) must not undo
     * a later one. The same count again (a retry) is no loss of ownership.
     */
    static final String FAILED = "UPDATE playtcha_ledger SET failed_deliveries = ?, next_delivery = ? WHERE id = ? AND owner = ? "
            + "AND failed_deliveries <= ?";
    static final String PARKED = "UPDATE playtcha_ledger SET state = 'parked', token = NULL, owner = NULL, "
            + "failed_deliveries = ?, done_at = now() WHERE id = ? AND owner = ?";
    /**
     * The lease on every entry this node owns, but for rows locked meanwhile (another node is taking
     * them over: the lease ran out), so renewing never waits for another node's transaction.
     */
    static final String RENEW = "UPDATE playtcha_ledger SET claimed_at = now() WHERE id IN (SELECT id FROM playtcha_ledger "
            + "WHERE owner = ? AND state IN ('open', 'settled') FOR UPDATE SKIP LOCKED)";
    static final String RELEASE = "UPDATE playtcha_ledger SET claimed_at = '-infinity' WHERE owner = ? "
            + "AND state IN ('open', 'settled')";
    /**
     * Entries whose owner stopped renewing, oldest first, skipping rows another node is working on;
     * never the looking node's own: a live node whose renewals failed for a while (the database away
     * longer than the lease) renews them again, and must not deliver again what it delivered already.
     */
    static final String ORPHANS = "SELECT * FROM playtcha_ledger WHERE state IN ('open', 'settled') "
            + "AND claimed_at < now() - ? * INTERVAL '1 millisecond' AND owner IS DISTINCT FROM ? "
            + "ORDER BY recorded_at LIMIT ? FOR UPDATE SKIP LOCKED";
    static final String ADOPT = "UPDATE playtcha_ledger SET owner = ?, claimed_at = now() WHERE id = ?";
    static final String PURGE = "DELETE FROM playtcha_ledger WHERE done_at < now() - ? * INTERVAL '1 millisecond'";

    private static final int MAX_MESSAGE_LENGTH = 512;
    private static final int MAX_REQUEST_ID_LENGTH = 128;

    private LedgerRows() {
    }

    /**
     * Takes up to {@code room} entries whose owner (never {@code owner} itself) has not renewed for
     * {@code leaseMillis}, in one transaction on {@code c}.
     */
    static List<StoredEntry> adopt(Connection c, String owner, long leaseMillis, int room) throws SQLException {
        List<StoredEntry> taken = new ArrayList<>();
        c.setAutoCommit(false);
        try (PreparedStatement find = c.prepareStatement(ORPHANS); PreparedStatement adopt = c.prepareStatement(ADOPT)) {
            find.setLong(1, leaseMillis);
            find.setString(2, owner);
            find.setInt(3, room);
            try (ResultSet r = find.executeQuery()) {
                while (r.next()) {
                    taken.add(entry(r));
                }
            }
            for (StoredEntry e : taken) {
                adopt.setString(1, owner);
                adopt.setString(2, e.entry().id());
                adopt.addBatch();
            }
            adopt.executeBatch();
            c.commit();
            return taken;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** The update of a step ({@link LedgerTable.Step}). */
    static String step(LedgerTable.Kind kind) {
        return switch (kind) {
            case POSTING -> POSTING;
            case SETTLED -> SETTLED;
            case REPORTED -> REPORTED;
            case FAILED -> FAILED;
            case PARKED -> PARKED;
        };
    }

    /** Binds the update of {@link #step(LedgerTable.Kind)} on the row {@code id} of {@code owner}. */
    static void step(PreparedStatement s, String id, String owner, LedgerTable.Step step) throws SQLException {
        switch (step.kind()) {
            case SETTLED -> settled(s, step.settled(), owner);
            case FAILED -> {
                s.setInt(1, step.failures());
                s.setTimestamp(2, Timestamp.from(step.next()));
                s.setString(3, id);
                s.setString(4, owner);
                s.setInt(5, step.failures());
            }
            case PARKED -> {
                s.setInt(1, step.failures());
                s.setString(2, id);
                s.setString(3, owner);
            }
            default -> {
                s.setString(1, id);
                s.setString(2, owner);
            }
        }
    }

    static void insert(PreparedStatement s, LedgerEntry e, String owner) throws SQLException {
        s.setString(1, e.id());
        s.setString(2, e.token());
        s.setTimestamp(3, Timestamp.from(e.time()));
        s.setString(4, e.path());
        s.setString(5, e.remoteAddress());
        s.setString(6, e.cause());
        s.setString(7, owner);
        s.setBytes(8, hash(e.token()));
    }

    /** The SHA-256 of the token's characters (visible ASCII): what the row keeps of it once it is settled. */
    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static void settled(PreparedStatement s, Reconciliation r, String owner) throws SQLException {
        VerificationResult result = r.result();
        s.setString(1, r.outcome().name());
        s.setString(2, result == null ? null : result.outcome());
        s.setString(3, result == null ? null : LedgerEntry.bounded(result.errorCode(), LedgerEntry.MAX_CAUSE_LENGTH));
        s.setString(4, LedgerEntry.bounded(message(result), MAX_MESSAGE_LENGTH));
        s.setString(5, result == null ? null : LedgerEntry.bounded(result.requestId(), MAX_REQUEST_ID_LENGTH));
        if (status(result) == 0) {
            s.setNull(6, Types.INTEGER);
        } else {
            s.setInt(6, status(result));
        }
        s.setBoolean(7, result != null && result.degraded());
        s.setTimestamp(8, Timestamp.from(r.time()));
        s.setString(9, r.entry().id());
        s.setString(10, owner);
    }

    private static String message(VerificationResult result) {
        if (result instanceof VerificationResult.Rejected rejected) {
            return rejected.message();
        }
        return result instanceof VerificationResult.Unavailable unavailable ? unavailable.message() : null;
    }

    private static int status(VerificationResult result) {
        if (result instanceof VerificationResult.Rejected rejected) {
            return rejected.httpStatus();
        }
        return result instanceof VerificationResult.Unavailable unavailable ? unavailable.httpStatus() : 0;
    }

    /** The entry of the row {@code r} is on. */
    static StoredEntry entry(ResultSet r) throws SQLException {
        String token = r.getString("token");
        LedgerEntry entry = new LedgerEntry(r.getString("id"), token == null ? "" : token,
                r.getTimestamp("recorded_at").toInstant(), r.getString("path"), r.getString("remote_address"),
                r.getString("cause"));
        String outcome = r.getString("outcome");
        Timestamp settledAt = r.getTimestamp("settled_at"); // written with the outcome (SETTLED)
        Reconciliation settled = outcome == null ? null : new Reconciliation(entry, Reconciliation.Outcome.valueOf(outcome),
                result(r), settledAt == null ? entry.time() : settledAt.toInstant());
        return new StoredEntry(entry, r.getBoolean("posted"), settled, r.getInt("failed_deliveries"));
    }

    private static VerificationResult result(ResultSet r) throws SQLException {
        String result = r.getString("result");
        if (result == null) {
            return null;
        }
        String code = r.getString("code");
        String message = r.getString("message");
        String requestId = r.getString("request_id");
        int status = r.getInt("http_status");
        // Only Playtcha's answers settle an entry (ReconciliationPolicy): the source is not stored, it is known.
        return switch (result) {
            case "verified" -> new VerificationResult.Verified(r.getBoolean("degraded"), requestId);
            case "rejected" -> VerificationResult.Rejected.byPlaytcha(code, message, requestId, status, null);
            default -> VerificationResult.Unavailable.byPlaytcha(code, message, requestId, status);
        };
    }
}
