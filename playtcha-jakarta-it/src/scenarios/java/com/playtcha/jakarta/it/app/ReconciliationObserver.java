package com.playtcha.jakarta.it.app;

import com.playtcha.jakarta.core.Reconciliation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A CDI application's way to hear the ledger: an observer of the {@link Reconciliation} events the
 * library's producer fires. Hands each to {@link ReconciledServlet}, where the test picks it up,
 * together with the name of the thread the event arrived on.
 */
@ApplicationScoped
public class ReconciliationObserver {

    void onReconciled(@Observes Reconciliation reconciliation) {
        ReconciledServlet.heard(reconciliation);
    }
}
