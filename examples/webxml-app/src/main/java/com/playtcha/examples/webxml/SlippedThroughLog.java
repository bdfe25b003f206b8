package com.playtcha.examples.webxml;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.Reconciliation;
import java.lang.System.Logger.Level;

/**
 * What became of the signups and contact messages that went through unverified while Playtcha was
 * down. The library re-checks each one in the background once Playtcha answers again and calls this
 * listener once per request; it is found through
 * {@code META-INF/services/com.playtcha.jakarta.core.PlaytchaListener}, no other wiring.
 *
 * <p>A real application would look up what the request created by the ledger id (FormServlet shows
 * the {@code com.playtcha.ledger-id} attribute where it would store it) and flag it for review
 * unless the outcome is {@code confirmed}. This example only logs.
 */
public class SlippedThroughLog implements PlaytchaListener {

    static final System.Logger LOG = System.getLogger(SlippedThroughLog.class.getName());

    @Override
    public void reconciled(Reconciliation r) {
        boolean fine = r.outcome() == Reconciliation.Outcome.CONFIRMED;
        LOG.log(fine ? Level.INFO : Level.WARNING,
                "A post let through during a Playtcha outage is {0}{1} [ledger-id={2}, path={3}, at={4}]",
                r.outcome(), fine ? "" : ": review what it created", r.entry().id(), r.entry().path(), r.entry().time());
    }
}
