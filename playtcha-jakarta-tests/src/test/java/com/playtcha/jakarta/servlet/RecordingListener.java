package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.Reconciliation;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A listener an application would name in {@code META-INF/services}; {@link LedgerFilterTest}
 * names it in a class loader of its own, so no other test sees it. Static, because ServiceLoader
 * makes the instance.
 */
public final class RecordingListener implements PlaytchaListener {

    static final List<DecisionEvent> DECISIONS = new CopyOnWriteArrayList<>();
    static final BlockingQueue<Reconciliation> RECONCILED = new LinkedBlockingQueue<>();

    @Override
    public void decided(DecisionEvent event) {
        DECISIONS.add(event);
    }

    @Override
    public void reconciled(Reconciliation reconciliation) {
        RECONCILED.add(reconciliation);
    }
}
