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
 * @param id            unique, also across restarts (a random UUID)
 * @param token         the token the client sent
 * @param time          when the request was let through
 * @param path          the request URI, without the query string
 * @param remoteAddress the client's address as the container saw it
 * @param cause         why Playtcha gave no verdict: the unavailable code, like {@code timeout} or {@code circuit_open}
 */
public record LedgerEntry(String id, String token, Instant time, String path, String remoteAddress, String cause) {

    public LedgerEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(cause, "cause");
    }

    @Override
    public String toString() {
        String shown = token.length() <= 6 ? "***" : token.substring(0, 6) + "...";
        return "LedgerEntry[id=" + id + ", token=" + shown + ", time=" + time + ", path=" + path
                + ", remoteAddress=" + remoteAddress + ", cause=" + cause + "]";
    }
}
