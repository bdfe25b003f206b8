package com.playtcha.jakarta.internal.telemetry;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.telemetry.PlaytchaMetrics;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;

/**
 * The half of {@link OptionalMetrics} that names OpenTelemetry's types, loaded only once the API is
 * known to be present: metrics on the {@code OpenTelemetry} given, or on {@code GlobalOpenTelemetry},
 * looked up at the first decision or reconciliation, not when the verifier is built (why:
 * design/engine.md).
 */
final class LazyGlobalMetrics implements PlaytchaListener, AutoCloseable {

    private final PlaytchaVerifier verifier;
    private volatile PlaytchaMetrics metrics;
    private boolean closed;

    LazyGlobalMetrics(PlaytchaVerifier verifier) {
        this.verifier = verifier;
    }

    /**
     * Records the verifier's metrics on {@code openTelemetry}, an {@link OpenTelemetry}; when it is
     * {@code null}, starts listening, and the global one's metrics follow at the first event.
     */
    static Runnable attach(PlaytchaVerifier verifier, Object openTelemetry) {
        if (openTelemetry != null) {
            return PlaytchaMetrics.attach(verifier, (OpenTelemetry) openTelemetry)::close;
        }
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
