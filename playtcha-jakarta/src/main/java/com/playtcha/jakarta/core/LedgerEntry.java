package com.playtcha.jakarta.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A request that went on without a verdict: Playtcha was unavailable and the decision failed open.
 * The verifier keeps each one in its ledger and re-verifies the token in the background once
 * Playtcha answers again, while the token is inside its 5-minute lifetime; the outcome reaches
 * {@link PlaytchaListener#reconciled}.
 *
 * <p>The filter publishes {@link #id()} as the request attribute {@code com.playtcha.ledger-id},
 * so an application can store it next to what the request created (the account, the order) and
 * find that again when the {@link Reconciliation} arrives.
 *
 * <p>{@link #toString()} shows only the start of the token. The token itself is single-use and
 * worthless after its lifetime, but it still belongs in the ledger and not in logs.
 *
 * <p>An entry is bounded, so that a line of the ledger's journal is too: the path keeps
 * at most {@value #MAX_PATH_LENGTH} characters, the remote address {@value #MAX_REMOTE_ADDRESS_LENGTH}
 * and the cause {@value #MAX_CAUSE_LENGTH}; a longer value is cut and ends with {@value #TRUNCATED}
 * (within the limit), so a column of that width in your database always fits it. The request decides
 * the path and, behind a proxy valve, the address; Playtcha decides an unavailable code. The token
 * is at most 8 KiB, as the verifier rejects a longer one as {@code malformed_token} before any entry.
 *
 * @param id            unique, also across restarts (a random UUID)
 * @param token         the token the client sent, at most 8,192 characters
 * @param time          when the request was let through
 * @param path          the request URI, without the query string; cut to {@value #MAX_PATH_LENGTH} characters
 * @param remoteAddress the client's address as the container saw it; cut to {@value #MAX_REMOTE_ADDRESS_LENGTH} characters
 * @param cause         why Playtcha gave no verdict: the unavailable code, like {@code timeout} or
 *                      {@code circuit_open}; cut to {@value #MAX_CAUSE_LENGTH} characters
 */
public record LedgerEntry(String id, String token, Instant time, String path, String remoteAddress, String cause) {

    /** The longest path an entry keeps, in characters, {@link #TRUNCATED} included. */
    public static final int MAX_PATH_LENGTH = 1024;
    /** The longest remote address an entry keeps: room for a host name (253) or any IPv6 address with a zone. */
    public static final int MAX_REMOTE_ADDRESS_LENGTH = 256;
    /** The longest cause an entry keeps: our codes are short, Playtcha's too, but a 5xx envelope could say anything. */
    public static final int MAX_CAUSE_LENGTH = 64;
    /** The end of a value that was cut. */
    public static final String TRUNCATED = "[truncated]";

    public LedgerEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(cause, "cause");
        if (token.length() > VerificationResult.MAX_TOKEN_LENGTH) {
            throw new IllegalArgumentException("a token over " + VerificationResult.MAX_TOKEN_LENGTH
                    + " characters is malformed and never an entry; got " + token.length());
        }
        // Here, where every entry is made (recorded or replayed), so no copy of one is ever longer.
        path = bounded(path, MAX_PATH_LENGTH);
        remoteAddress = bounded(remoteAddress, MAX_REMOTE_ADDRESS_LENGTH);
        cause = bounded(cause, MAX_CAUSE_LENGTH);
    }

    /**
     * The value, or its start plus {@link #TRUNCATED} when it is over {@code max} characters, never
     * cutting a surrogate pair in half, a NUL character replaced by U+FFFD (a database's text cannot
     * hold it, and would refuse the whole entry): how an entry cuts its fields, and how the ledger's
     * stores cut what else they keep of Playtcha's words.
     */
    public static String bounded(String value, int max) {
        if (value != null && value.indexOf('\u0000') >= 0) {
            value = value.replace('\u0000', '\uFFFD');
        }
        if (value == null || value.length() <= max) {
            return value;
        }
        int keep = max - TRUNCATED.length();
        if (Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--;
        }
        return value.substring(0, keep) + TRUNCATED;
    }

    @Override
    public String toString() {
        String shown = token.length() <= 6 ? "***" : token.substring(0, 6) + "...";
        return "LedgerEntry[id=" + id + ", token=" + shown + ", time=" + time + ", path=" + path
                + ", remoteAddress=" + remoteAddress + ", cause=" + cause + "]";
    }
}
