package com.playtcha.jakarta.core;

/**
 * Hears what the verifier decides and what became of requests that failed open. Implement either
 * method or both, then register the listener by {@link java.util.ServiceLoader} (name the class, with
 * a public no-argument constructor, in {@code META-INF/services/com.playtcha.jakarta.core.PlaytchaListener}
 * of the application: every verifier the application creates loads it, the filter's included), or in
 * code with {@link PlaytchaVerifier#addListener}.
 *
 * <p>In CDI applications both also arrive as CDI events ({@code @Observes Reconciliation},
 * {@code @Observes DecisionEvent}); the observers of {@code Reconciliation} stand behind one listener.
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
 * {@link #reconciled} runs on the ledger's background thread (the runtime's managed one where there
 * is one), one call at a time, and on the closing thread for the entries an in-memory ledger abandons
 * when the verifier closes. A slow {@code reconciled} delays the reconciliations behind it and, at most
 * by 10 s, closing. An exception from either is logged and does not change the request.
 *
 * <p><b>Warning:</b> {@code reconciled} hears each entry at least once: one that returns normally is not
 * called for that entry again; one that throws (anything but a {@link VirtualMachineError}) hears
 * it again, and it alone, up to 6 deliveries before the entry is parked for an operator; and with a
 * durable ledger, a node that stops (or loses the entry to another node) before every listener took
 * it has the stored outcome, same {@link LedgerEntry#id() id}, delivered again to every listener
 * after the restart or by the node that takes it over. Make {@code reconciled} idempotent on the id.
 *
 * <p>The manual: docs/outages-and-ledger.md ("Which threads", "When a listener fails": the schedule, parked entries).
 */
public interface PlaytchaListener {

    /** A guarded request was decided. */
    default void decided(DecisionEvent event) {
    }

    /** A request that failed open got its outcome. */
    default void reconciled(Reconciliation reconciliation) {
    }
}
