package com.playtcha.jakarta.it.app;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.Reconciliation;

/**
 * A web.xml application's {@link PlaytchaListener}, found by {@link java.util.ServiceLoader}
 * through {@code WEB-INF/classes/META-INF/services/com.playtcha.jakarta.core.PlaytchaListener}:
 * hands every reconciliation to {@link ReconciledServlet}, where the test picks it up.
 */
public class QueueingListener implements PlaytchaListener {

    @Override
    public void reconciled(Reconciliation reconciliation) {
        ReconciledServlet.heard(reconciliation);
    }
}
