package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.DecisionEvent;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The decisions a verifier reported, counted by kind since it was created: what
 * {@code VerifierStatus.decisions()} shows. A {@link LongAdder} per kind, so that request threads
 * counting at once do not contend on one cache line; reading sums them, which only a status page does.
 */
final class DecisionCounts {

    private final LongAdder[] counts = new LongAdder[DecisionEvent.Kind.values().length];

    DecisionCounts() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void add(DecisionEvent.Kind kind) {
        counts[kind.ordinal()].increment();
    }

    Map<DecisionEvent.Kind, Long> snapshot() {
        Map<DecisionEvent.Kind, Long> all = new EnumMap<>(DecisionEvent.Kind.class);
        for (DecisionEvent.Kind kind : DecisionEvent.Kind.values()) {
            all.put(kind, counts[kind.ordinal()].sum());
        }
        return all;
    }
}
