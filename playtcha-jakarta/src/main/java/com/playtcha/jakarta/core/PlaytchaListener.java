package com.playtcha.jakarta.core;

/**
 * Hears what the verifier decides and what became of requests that failed open. Implement either
 * method or both, then register the listener in one of two ways:
 *
 * <ul>
 * <li>by {@link java.util.ServiceLoader}: name the class in
 *     {@code META-INF/services/com.playtcha.jakarta.core.PlaytchaListener} of the application (it
 *     needs a public no-argument constructor); every verifier the application creates loads it,
 *     the filter's included;</li>
 * <li>in code: {@link PlaytchaVerifier#addListener}.</li>
 * </ul>
 *
 * <p>In CDI applications both also arrive as CDI events: observe them with
 * {@code void on(@Observes Reconciliation r)} or {@code @Observes DecisionEvent}.
 *
 * <pre>{@code
 * public class QuarantineListener implements PlaytchaListener {
 *     @Override
 *     public void reconciled(Reconciliation r) {
 *         if (r.outcome() != Reconciliation.Outcome.CONFIRMED) {
 *             accounts.quarantineByLedgerId(r.entry().id()); // stored from the com.playtcha.ledger-id attribute
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Threads: {@link #decided} runs on the request's thread, once per decision, so keep it short;
 * {@link #reconciled} runs on the ledger's background thread, one call at a time (and, for the
 * entries an in-memory ledger abandons when the verifier closes, on the closing thread). That
 * thread is one of the runtime's managed scheduled executor where the filter or the CDI producer
 * found one ({@link Setting#MANAGED_THREADS}), so {@code java:comp} names resolve there; else a
 * thread of the ledger's own. A slow
 * {@code reconciled} delays the reconciliations behind it and, at most by 10 s, closing. An exception from
 * either is logged and does not change the request. A {@code reconciled} that throws hears the
 * same reconciliation again, 1, 2, 4, 8 and 16 s later (6 deliveries in all); then it is parked
 * for an operator: a WARNING, and the dead-letter file (with a directory) or the row's state
 * {@code parked} (with a database). Every listener hears each delivery, so make {@code reconciled}
 * idempotent on {@link LedgerEntry#id()}.
 *
 * <p>Each ledger entry is reconciled exactly once. With a durable ledger
 * ({@code playtcha.ledger.directory} or {@code playtcha.ledger.datasource}) that holds across
 * restarts, and with a database across every node sharing it, with one window: if the JVM dies
 * after {@code reconciled} returned but before the ledger noted it (one file append, or one
 * database commit), the same reconciliation, same {@link LedgerEntry#id() id}, is delivered again
 * after the restart or by another node. Make the listener idempotent on the id if that matters.
 */
public interface PlaytchaListener {

    /** A guarded request was decided. */
    default void decided(DecisionEvent event) {
    }

    /** A request that failed open got its outcome. */
    default void reconciled(Reconciliation reconciliation) {
    }
}
