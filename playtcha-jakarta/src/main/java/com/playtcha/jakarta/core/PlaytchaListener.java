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
 * {@link #reconciled} runs on the ledger's background thread, one call at a time (and, for the
 * entries an in-memory ledger abandons when the verifier closes, on the closing thread). That
 * thread is the runtime's managed one where there is one (docs/outages-and-ledger.md, "Which
 * threads"). A slow {@code reconciled} delays the reconciliations behind it and, at most by 10 s,
 * closing. An exception from either is logged and does not change the request.
 *
 * <p>{@code reconciled} hears each entry at least once: a listener that returns normally is not
 * called for that entry again; one that throws (anything but a {@link VirtualMachineError}) hears
 * it again, and it alone, up to 6 deliveries before the entry is parked for an operator; and with a
 * durable ledger, a node that stops (or loses the entry to another node) before every listener took
 * it has the stored outcome, same {@link LedgerEntry#id() id}, delivered again to every listener
 * after the restart or by the node that takes it over. Make {@code reconciled} idempotent on the
 * id. The schedule and where a parked entry goes: docs/outages-and-ledger.md, "When a listener fails".
 */
public interface PlaytchaListener {

    /** A guarded request was decided. */
    default void decided(DecisionEvent event) {
    }

    /** A request that failed open got its outcome. */
    default void reconciled(Reconciliation reconciliation) {
    }
}
