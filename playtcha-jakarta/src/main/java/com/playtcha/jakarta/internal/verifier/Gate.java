package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.breaker.CircuitBreaker;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What a live post passes on its way to Playtcha: the circuit breaker, or nothing when
 * {@code playtcha.breaker.enabled=false}. Background posts (the ledger's) never pass it; they ask
 * {@link #holdsOff()} instead.
 */
interface Gate {

    /** Runs the post, or answers for it ({@code circuit_open}) without running it. */
    VerificationResult call(Supplier<VerificationResult> post);

    /** Whether background work should post nothing for now: the breaker opened moments ago. */
    boolean holdsOff();

    /** The breaker's phase, or {@code null} when there is no breaker (tests). */
    CircuitBreaker.Phase phase();

    /** The breaker as a status page shows it, or {@code null} when there is no breaker. */
    CircuitBreaker.Snapshot snapshot();

    /** The gate the settings describe; {@code nanoTime} is the breaker's clock (a fake one in tests). */
    static Gate of(PlaytchaSettings.Breaker settings, LongSupplier nanoTime) {
        return settings.enabled() ? new Breaker(CircuitBreaker.of(settings, nanoTime)) : new Open();
    }

    /** {@code playtcha.breaker.enabled=false}: every post goes. */
    final class Open implements Gate {
        @Override
        public VerificationResult call(Supplier<VerificationResult> post) {
            return post.get();
        }

        @Override
        public boolean holdsOff() {
            return false;
        }

        @Override
        public CircuitBreaker.Phase phase() {
            return null;
        }

        @Override
        public CircuitBreaker.Snapshot snapshot() {
            return null;
        }
    }

    /** The circuit breaker. */
    record Breaker(CircuitBreaker breaker) implements Gate {
        @Override
        public VerificationResult call(Supplier<VerificationResult> post) {
            return breaker.call(post);
        }

        @Override
        public boolean holdsOff() {
            return breaker.coolingDown();
        }

        @Override
        public CircuitBreaker.Phase phase() {
            return breaker.phase();
        }

        @Override
        public CircuitBreaker.Snapshot snapshot() {
            return breaker.snapshot();
        }
    }
}
