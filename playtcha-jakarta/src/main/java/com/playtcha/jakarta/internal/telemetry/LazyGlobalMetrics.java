package com.playtcha.jakarta.internal.telemetry;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.telemetry.PlaytchaMetrics;
import io.opentelemetry.api.GlobalOpenTelemetry;

/**
 * Metrics on {@code GlobalOpenTelemetry}, looked up at the first decision or reconciliation rather
 * than when the verifier is built. {@code GlobalOpenTelemetry.get()} fixes the global to a no-op when
 * nothing set it yet, and a later {@code GlobalOpenTelemetry.set} then throws; asking at start-up
 * could thus break an application that sets it in its own start-up code after ours. By the first
 * guarded request, an agent or the application has set it, or never will.
 */
final class LazyGlobalMetrics implements PlaytchaListener, AutoCloseable {

    private final PlaytchaVerifier verifier;
    private volatile PlaytchaMetrics metrics;
    private boolean closed;

    LazyGlobalMetrics(PlaytchaVerifier verifier) {
        this.verifier = verifier;
    }

    /** Starts listening; the metrics follow at the first event. */
    static Runnable attach(PlaytchaVerifier verifier) {
        LazyGlobalMetrics global = new LazyGlobalMetrics(verifier);
        verifier.addListener(global);
        return global::close;
    }

    @Override
    public void decided(DecisionEvent event) {
        PlaytchaMetrics m = metrics();
        if (m != null) {
            m.decided(event);
        }
    }

    @Override
    public void reconciled(Reconciliation reconciliation) {
        PlaytchaMetrics m = metrics();
        if (m != null) {
            m.reconciled(reconciliation);
        }
    }

    private PlaytchaMetrics metrics() {
        PlaytchaMetrics m = metrics;
        if (m != null) {
            return m;
        }
        synchronized (this) {
            if (metrics == null && !closed) {
                metrics = PlaytchaMetrics.unattached(verifier, GlobalOpenTelemetry.get());
            }
            return metrics;
        }
    }

    @Override
    public void close() {
        verifier.removeListener(this);
        PlaytchaMetrics m;
        synchronized (this) {
            closed = true;
            m = metrics;
        }
        if (m != null) {
            m.close();
        }
    }
}
