package com.playtcha.jakarta.spring;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * A verifier's metrics in Micrometer, with the names and meanings of the OpenTelemetry metrics of
 * docs/observability.md: {@code playtcha.decisions}, {@code playtcha.verify.duration},
 * {@code playtcha.reconciliations}, {@code playtcha.ledger.held_locally}, {@code playtcha.breaker.state},
 * {@code playtcha.breaker.transitions}, {@code playtcha.ledger.open}, {@code playtcha.ledger.capacity} and
 * {@code playtcha.local_fault}, with the same tag names. Two differences that Micrometer's registries
 * (Prometheus above all) ask for: every series of a meter carries the same tags, so a verified decision
 * has {@code playtcha.code=none}; and {@code playtcha.local_fault} has a series per fault code, 1 for
 * the fault shown and 0 for the others. Spring Boot binds it to the application's {@link MeterRegistry}.
 */
public final class PlaytchaMeters implements MeterBinder {

    /** At most this many codes per kind; further codes are counted as {@value #OTHER}, as in OpenTelemetry. */
    static final int MAX_CODES = 64;
    static final String OTHER = "_OTHER";
    static final String NO_CODE = "none";
    /** The OpenTelemetry histogram's buckets, as service level objectives: 1 ms to 10 s. */
    static final List<Duration> BUCKETS = List.of(1, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 10000)
            .stream().map(Duration::ofMillis).toList();
    static final List<String> FAULTS = List.of(VerifierStatus.LocalFault.BAD_SECRET, VerifierStatus.LocalFault.UNKNOWN_PROJECT,
            VerifierStatus.LocalFault.API_URL_NOT_FOUND, VerifierStatus.LocalFault.LEDGER_UNWRITABLE,
            VerifierStatus.LocalFault.LEDGER_FULL, VerifierStatus.LocalFault.BUDGETS_LOCAL);

    private final PlaytchaVerifier verifier;

    PlaytchaMeters(PlaytchaVerifier verifier) {
        this.verifier = verifier;
    }

    /** Registers the meters on {@code registry} and starts counting this verifier's decisions there. */
    @Override
    public void bindTo(MeterRegistry registry) {
        verifier.addListener(new Recorder(registry));
        for (VerifierStatus.BreakerState state : VerifierStatus.BreakerState.values()) {
            if (state != VerifierStatus.BreakerState.UNKNOWN) {
                Gauge.builder("playtcha.breaker.state", verifier, v -> v.status().breaker() == state ? 1 : 0)
                        .description("1 for the circuit breaker's current state, 0 for the others").baseUnit("1")
                        .tag("playtcha.breaker.state", lower(state.name())).register(registry);
            }
        }
        for (VerifierStatus.BreakerState to : List.of(VerifierStatus.BreakerState.OPEN, VerifierStatus.BreakerState.HALF_OPEN,
                VerifierStatus.BreakerState.CLOSED)) {
            FunctionCounter.builder("playtcha.breaker.transitions", verifier, v -> v.status().breakerTransitionsTo(to))
                    .description("Circuit breaker state changes, by the state entered")
                    .tag("playtcha.breaker.state", lower(to.name())).register(registry);
        }
        Gauge.builder("playtcha.ledger.open", verifier, v -> v.status().ledgerOpen())
                .description("Requests that failed open and wait for re-verification").register(registry);
        Gauge.builder("playtcha.ledger.capacity", verifier, v -> v.status().ledgerCapacity())
                .description("The most entries the fail-open ledger holds").register(registry);
        for (String code : FAULTS) {
            Gauge.builder("playtcha.local_fault", verifier, v -> {
                VerifierStatus.LocalFault fault = v.status().localFault();
                return fault != null && fault.code().equals(code) ? 1 : 0;
            }).description("1 while this local fault, which an operator must fix, is shown; 0 otherwise").baseUnit("1")
                    .tag("playtcha.fault", code).register(registry);
        }
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The meters a decision or a reconciliation updates, on one registry; built once and reused. */
    private static final class Recorder implements PlaytchaListener {
        private final MeterRegistry registry;
        private final Map<DecisionEvent.Kind, ConcurrentMap<String, Counter>> decisions = new EnumMap<>(DecisionEvent.Kind.class);
        private final Timer[] durations = new Timer[3];
        private final Map<Reconciliation.Outcome, Counter> reconciliations = new EnumMap<>(Reconciliation.Outcome.class);
        private final Counter heldLocally;

        Recorder(MeterRegistry registry) {
            this.registry = registry;
            for (DecisionEvent.Kind kind : DecisionEvent.Kind.values()) {
                decisions.put(kind, new ConcurrentHashMap<>());
            }
            String[] outcomes = {"verified", "rejected", "unavailable"};
            for (int i = 0; i < outcomes.length; i++) {
                durations[i] = Timer.builder("playtcha.verify.duration")
                        .description("How long a verify took, local checks, breaker, pool and Playtcha's reply included")
                        .tag("playtcha.outcome", outcomes[i]).serviceLevelObjectives(BUCKETS.toArray(Duration[]::new))
                        .register(registry);
            }
            for (Reconciliation.Outcome outcome : Reconciliation.Outcome.values()) {
                reconciliations.put(outcome, Counter.builder("playtcha.reconciliations")
                        .description("Requests that failed open, by what their re-verification found")
                        .tag("playtcha.reconciliation.outcome", lower(outcome.name())).register(registry));
            }
            heldLocally = Counter.builder("playtcha.ledger.held_locally")
                    .description("Requests that failed open with their token held on this node only: the shared ledger's "
                            + "database did not answer the claim in time").register(registry);
        }

        @Override
        public void decided(DecisionEvent event) {
            VerificationResult result = event.result();
            decisions(event.kind(), result.errorCode()).increment();
            int outcome = result instanceof VerificationResult.Verified ? 0 : result instanceof VerificationResult.Rejected ? 1 : 2;
            durations[outcome].record(event.duration().toNanos(), TimeUnit.NANOSECONDS);
            if (event.heldLocally()) {
                heldLocally.increment();
            }
        }

        @Override
        public void reconciled(Reconciliation reconciliation) {
            reconciliations.get(reconciliation.outcome()).increment();
        }

        private Counter decisions(DecisionEvent.Kind kind, String errorCode) {
            ConcurrentMap<String, Counter> codes = decisions.get(kind);
            String code = errorCode == null ? NO_CODE : errorCode;
            Counter known = codes.get(code);
            if (known != null) {
                return known;
            }
            String kept = codes.size() < MAX_CODES ? code : OTHER;
            return codes.computeIfAbsent(kept, c -> Counter.builder("playtcha.decisions")
                    .description("Guarded requests decided, by kind and code")
                    .tags("playtcha.decision.kind", lower(kind.name()), "playtcha.code", c).register(registry));
        }
    }
}
