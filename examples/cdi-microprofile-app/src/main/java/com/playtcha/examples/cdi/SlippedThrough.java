package com.playtcha.examples.cdi;

import com.playtcha.jakarta.core.Reconciliation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.System.Logger.Level;

/**
 * Hears what became of posts that went through unverified while Playtcha was down: the library
 * re-checks each one once Playtcha answers again and fires a {@link Reconciliation} CDI event, once
 * per post. A real application would find the signup by {@code r.entry().id()} (the
 * {@code com.playtcha.ledger-id} request attribute it stored) and flag it unless it is confirmed;
 * this example logs.
 */
@ApplicationScoped
public class SlippedThrough {

    private static final System.Logger LOG = System.getLogger(SlippedThrough.class.getName());

    void onReconciled(@Observes Reconciliation r) {
        boolean fine = r.outcome() == Reconciliation.Outcome.CONFIRMED;
        LOG.log(fine ? Level.INFO : Level.WARNING, "A post let through during a Playtcha outage is {0} [ledger-id={1}, path={2}]",
                r.outcome(), r.entry().id(), r.entry().path());
    }
}
