package com.playtcha.jakarta.cdi;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.Reconciliation;
import jakarta.enterprise.event.Event;

/**
 * Fires what the produced verifier reports as CDI events, synchronously: {@link DecisionEvent} on
 * the request's thread, {@link Reconciliation} on the ledger's (a thread of the runtime's managed
 * scheduled executor where there is one, see {@link com.playtcha.jakarta.internal.config.ManagedExecutor}).
 */
final class CdiEventRelay implements PlaytchaListener {

    private final Event<DecisionEvent> decisions;
    private final Event<Reconciliation> reconciliations;

    CdiEventRelay(Event<DecisionEvent> decisions, Event<Reconciliation> reconciliations) {
        this.decisions = decisions;
        this.reconciliations = reconciliations;
    }

    @Override
    public void decided(DecisionEvent event) {
        decisions.fire(event);
    }

    @Override
    public void reconciled(Reconciliation reconciliation) {
        reconciliations.fire(reconciliation);
    }
}
