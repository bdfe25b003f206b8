package com.playtcha.jakarta.telemetry;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Records a verifier's metrics through the OpenTelemetry API: what it decided, how long verifies
 * took, what became of requests that failed open, where its breaker stands and how full its ledger
 * is. The instruments, their units and attributes are listed in {@code docs/observability.md}; the
 * meter's scope is {@value #SCOPE}.
 *
 * <p>The CDI producer and the filter attach it by themselves to the verifiers they build
 * (docs/observability.md, "Where the metrics go"). Elsewhere, attach it yourself, once per verifier:
 *
 * <pre>{@code
 * PlaytchaVerifier verifier = PlaytchaVerifier.create(settings);
 * PlaytchaMetrics metrics = PlaytchaMetrics.attach(verifier, openTelemetry);
 * ...
 * metrics.close();   // before or after verifier.close()
 * }</pre>
 *
 * <p>Works with the OpenTelemetry API 1.31 and later. Per decision it costs a counter add and a
 * histogram record; per collection, one {@link PlaytchaVerifier#status()} call. What each instrument
 * counts, and when a reconciliation is counted again: the table in docs/observability.md.
 */
public final class PlaytchaMetrics implements PlaytchaListener, AutoCloseable {

    /** The instrumentation scope of the meter. */
    public static final String SCOPE = "com.playtcha.jakarta";

    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("playtcha.outcome");
    static final AttributeKey<String> BREAKER_STATE = AttributeKey.stringKey("playtcha.breaker.state");
    static final AttributeKey<String> RECONCILIATION_OUTCOME = AttributeKey.stringKey("playtcha.reconciliation.outcome");
    static final AttributeKey<String> FAULT = AttributeKey.stringKey("playtcha.fault");
    /** Buckets for a verify: a local answer in microseconds, Playtcha in tens of milliseconds, timeouts in seconds. */
    static final List<Double> DURATION_BUCKETS = List.of(0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5,
            0.75, 1.0, 2.5, 5.0, 10.0);

    /**
     * Whether the API at hand takes bucket advice ({@code setExplicitBucketBoundariesAdvice}, API
     * 1.32 and later): decided once, when this class loads, not per histogram built.
     */
    static final boolean BUCKET_ADVICE = takesBucketAdvice();

    private static final Attributes[] OUTCOMES = {Attributes.of(OUTCOME, "verified"), Attributes.of(OUTCOME, "rejected"),
        Attributes.of(OUTCOME, "unavailable")};

    private final PlaytchaVerifier verifier;
    private final LongCounter decisions;
    private final DoubleHistogram durations;
    private final LongCounter reconciliations;
    private final LongCounter heldLocally;
    private final DecisionMetricAttributes decisionAttributes = new DecisionMetricAttributes();
    private final BatchCallback observed;

    private PlaytchaMetrics(PlaytchaVerifier verifier, Meter meter) {
        this.verifier = verifier;
        decisions = meter.counterBuilder("playtcha.decisions").setUnit("{decision}")
                .setDescription("Guarded requests decided, by kind and code").build();
        DoubleHistogramBuilder duration = meter.histogramBuilder("playtcha.verify.duration").setUnit("s")
                .setDescription("How long a verify took, local checks, breaker, pool and Playtcha's reply included");
        durations = (BUCKET_ADVICE ? duration.setExplicitBucketBoundariesAdvice(DURATION_BUCKETS) : duration).build();
        reconciliations = meter.counterBuilder("playtcha.reconciliations").setUnit("{entry}")
                .setDescription("Requests that failed open, by what their re-verification found").build();
        heldLocally = meter.counterBuilder("playtcha.ledger.held_locally").setUnit("{decision}")
                .setDescription("Requests that failed open with their token held on this node only: the shared ledger's "
                        + "database did not answer the claim in time").build();
        observed = StatusInstruments.register(meter, verifier);
    }

    /**
     * Starts recording this verifier's metrics with this {@code OpenTelemetry}: adds itself as a
     * listener and registers the instruments read at collection.
     */
    public static PlaytchaMetrics attach(PlaytchaVerifier verifier, OpenTelemetry openTelemetry) {
        PlaytchaMetrics metrics = unattached(verifier, openTelemetry);
        try {
            verifier.addListener(metrics);
        } catch (RuntimeException e) {
            metrics.observed.close();
            throw e;
        }
        return metrics;
    }

    /**
     * The instruments, not yet listening: for a listener of your own that forwards events to
     * {@link #decided} and {@link #reconciled} (to pick which, or to look the {@code OpenTelemetry}
     * up later). The instruments read at collection are registered at once; {@link #close()} removes
     * them. {@link #attach} is this plus {@code verifier.addListener(metrics)}.
     */
    public static PlaytchaMetrics unattached(PlaytchaVerifier verifier, OpenTelemetry openTelemetry) {
        Objects.requireNonNull(verifier, "verifier");
        Meter meter = openTelemetry.getMeterProvider().meterBuilder(SCOPE).setInstrumentationVersion(version()).build();
        return new PlaytchaMetrics(verifier, meter);
    }

    @Override
    public void decided(DecisionEvent event) {
        VerificationResult result = event.result();
        decisions.add(1, decisionAttributes.of(event.kind(), result.errorCode()));
        Attributes outcome = result instanceof VerificationResult.Verified ? OUTCOMES[0]
                : result instanceof VerificationResult.Rejected ? OUTCOMES[1] : OUTCOMES[2];
        durations.record(event.duration().toNanos() / 1e9, outcome);
        if (event.heldLocally()) {
            heldLocally.add(1);
        }
    }

    @Override
    public void reconciled(Reconciliation reconciliation) {
        reconciliations.add(1, Attributes.of(RECONCILIATION_OUTCOME, lower(reconciliation.outcome().name())));
    }

    /** Stops recording: removes the listener and the instruments read at collection. Idempotent. */
    @Override
    public void close() {
        verifier.removeListener(this);
        observed.close();
    }

    private static boolean takesBucketAdvice() {
        try {
            DoubleHistogramBuilder.class.getMethod("setExplicitBucketBoundariesAdvice", List.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String version() {
        Package p = PlaytchaMetrics.class.getPackage();
        return p == null || p.getImplementationVersion() == null ? "unknown" : p.getImplementationVersion();
    }

    /** The instruments read from {@link PlaytchaVerifier#status()}, one call per collection for all of them. */
    static final class StatusInstruments {

        /** The states a transition can enter. */
        private static final List<VerifierStatus.BreakerState> ENTERED = List.of(VerifierStatus.BreakerState.OPEN,
                VerifierStatus.BreakerState.HALF_OPEN, VerifierStatus.BreakerState.CLOSED);

        private StatusInstruments() {
        }

        static BatchCallback register(Meter meter, PlaytchaVerifier verifier) {
            ObservableLongMeasurement state = meter.gaugeBuilder("playtcha.breaker.state").ofLongs().setUnit("1")
                    .setDescription("1 for the circuit breaker's current state, 0 for the others").buildObserver();
            ObservableLongMeasurement transitions = meter.counterBuilder("playtcha.breaker.transitions")
                    .setUnit("{transition}").setDescription("Circuit breaker state changes, by the state entered").buildObserver();
            ObservableLongMeasurement open = meter.upDownCounterBuilder("playtcha.ledger.open").setUnit("{entry}")
                    .setDescription("Requests that failed open and wait for re-verification").buildObserver();
            ObservableLongMeasurement capacity = meter.upDownCounterBuilder("playtcha.ledger.capacity").setUnit("{entry}")
                    .setDescription("The most entries the fail-open ledger holds").buildObserver();
            ObservableLongMeasurement fault = meter.gaugeBuilder("playtcha.local_fault").ofLongs().setUnit("1")
                    .setDescription("1 while a local fault an operator must fix is present, by its code").buildObserver();
            return meter.batchCallback(() -> {
                VerifierStatus status = verifier.status();
                for (VerifierStatus.BreakerState s : VerifierStatus.BreakerState.values()) {
                    if (s != VerifierStatus.BreakerState.UNKNOWN) {
                        state.record(s == status.breaker() ? 1 : 0, Attributes.of(BREAKER_STATE, lower(s.name())));
                    }
                }
                for (VerifierStatus.BreakerState to : ENTERED) {
                    transitions.record(status.breakerTransitionsTo(to), Attributes.of(BREAKER_STATE, lower(to.name())));
                }
                open.record(status.ledgerOpen());
                capacity.record(status.ledgerCapacity());
                if (status.localFault() != null) {
                    fault.record(1, Attributes.of(FAULT, status.localFault().code()));
                }
            }, state, transitions, open, capacity, fault);
        }
    }
}
