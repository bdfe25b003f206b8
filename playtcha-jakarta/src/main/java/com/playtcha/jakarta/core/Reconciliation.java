package com.playtcha.jakarta.core;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What became of a request that failed open: the verdict the ledger got for its token once
 * Playtcha answered again, or why there is none. Every {@link LedgerEntry} ends in exactly one of
 * these: settled once, stored (with a durable ledger) before anyone hears it, and never changed.
 * It is delivered to {@link PlaytchaListener#reconciled} of each listener once (and, in CDI
 * applications, fired as a CDI event); again only to a listener that threw on it, and, after a
 * node stopped between settling and noting it done, to every listener with the same id and the
 * same outcome (see {@link PlaytchaListener}).
 *
 * <table>
 * <caption>Outcomes</caption>
 * <tr><th>Outcome</th><th>Meaning</th><th>What an application might do</th></tr>
 * <tr><td>{@link Outcome#CONFIRMED}</td><td>Playtcha verified the token: the request was human after all.</td><td>nothing</td></tr>
 * <tr><td>{@link Outcome#REJECTED}</td><td>Playtcha rejects the token ({@link #code()}: {@code token_invalid},
 *     {@code unsuccessful}; or {@code already_redeemed} when no post of ours can have redeemed it: the
 *     request's never left because the breaker was open, and the ledger had not posted it before; or, with a
 *     shared ledger, another node let the token through before this one, which held it alone while the
 *     database was away).</td><td>flag or quarantine what the request created</td></tr>
 * <tr><td>{@link Outcome#AMBIGUOUS}</td><td>409 {@code already_redeemed}: perhaps our own attempt during the outage
 *     reached Playtcha and only its reply was lost, perhaps the token was replayed; or, with a shared ledger,
 *     another node let the token through after this one, which held it alone while the database was away:
 *     which pass was the user's cannot be told.</td><td>review</td></tr>
 * <tr><td>{@link Outcome#EXPIRED}</td><td>No verdict within the token's 5-minute lifetime (Playtcha stayed
 *     unavailable, or answered {@code token_expired}). Also written to the dead-letter file.</td><td>review</td></tr>
 * <tr><td>{@link Outcome#ABANDONED}</td><td>Never re-verified: an in-memory ledger was closed (the
 *     application stopped) before Playtcha answered. Also dead-lettered.</td><td>review</td></tr>
 * </table>
 *
 * <p>Only answers about the token settle an entry. {@code bad_secret}, {@code unknown_project}, a
 * 429 or another 4xx (a proxy's 403) say nothing about it: the entry is tried again, and if nothing
 * better comes within the 5 minutes it is {@code expired}, not {@code rejected}.
 *
 * @param entry   the request that failed open
 * @param outcome what became of it
 * @param result  Playtcha's answer to the re-verification, or {@code null} when it gave none
 * @param time    when the outcome was settled
 */
public record Reconciliation(LedgerEntry entry, Outcome outcome, VerificationResult result, Instant time) {

    public Reconciliation {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(time, "time");
    }

    /** Playtcha's code for a rejected, ambiguous or expired token; {@code null} when confirmed or never answered. */
    public String code() {
        return result == null ? null : result.errorCode();
    }

    /** What became of a request that failed open. */
    public enum Outcome {
        CONFIRMED, REJECTED, AMBIGUOUS, EXPIRED, ABANDONED;

        /** Lower case, as logged and journaled: {@code confirmed}. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
