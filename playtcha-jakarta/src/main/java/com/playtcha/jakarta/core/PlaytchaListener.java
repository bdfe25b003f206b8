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
 * {@code void on(@Observes Reconciliation r)} or {@code @Observes DecisionEvent}. The observers
 * of {@code Reconciliation} stand behind one listener: when one of them throws, CDI calls none
 * after it, and the retry (below) fires the event to every observer again.
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
 * thread of the ledger's own. A slow {@code reconciled} delays the reconciliations behind it and,
 * at most by 10 s, closing. An exception from either is logged and does not change the request.
 *
 * <p>How often {@code reconciled} hears an entry: once per listener, while the node that settled
 * the entry (or took it over) lives. A listener that returns normally is not called for that entry
 * again. A {@code reconciled} that throws (anything but a {@link VirtualMachineError}) hears the
 * same reconciliation again, and it alone, 1, 2, 4, 8 and 16 s later, up to 6 deliveries to it;
 * the listeners that took it are not called again (so {@code PlaytchaMetrics}, itself a listener,
 * counts the entry once). If it still throws on the sixth, the entry is parked for an operator: a
 * WARNING naming the listener's class, and the dead-letter file (with a directory) or the row's
 * state {@code parked} (with a database).
 *
 * <p>Which listeners still owe an entry is kept in memory only. With a durable ledger
 * ({@code playtcha.ledger.directory} or {@code playtcha.ledger.datasource}) the outcome is stored
 * before any listener hears it, and the entry is noted as done after the last one took it (one
 * file append, or one database commit). If the node stops in between, or loses the entry to
 * another node (the JVM dies after a {@code reconciled} returned; the application stops while a
 * failing listener waits for its next try; the database cut the node off), the stored outcome,
 * same {@link LedgerEntry#id() id} and same outcome, is delivered again to every listener after
 * the restart or by the node that takes the entry over, with a fresh count of tries on a
 * directory (a database keeps its count). Make {@code reconciled} idempotent on the id if a repeat
 * matters. An in-memory ledger keeps nothing across a restart, so nothing is repeated.
 */
public interface PlaytchaListener {

    /** A guarded request was decided. */
    default void decided(DecisionEvent event) {
    }

    /** A request that failed open got its outcome. */
    default void reconciled(Reconciliation reconciliation) {
    }
}
