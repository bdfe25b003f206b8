package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.http.HttpTransport;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The verifier's link to Playtcha: a request's {@link #live} post (or {@link #liveAsync}, on the non-blocking
 * client) goes through the {@link #breaker}, the fail-open ledger's {@link #background} post past it, both on
 * one transport; every answer is noted in the local {@link #faults} and {@link #log}ged, where the verifier notes what it decides without
 * a post, and whose state, with the breaker's, its status shows. Made before the ledger, whose host posts
 * through it, so the verifier hands the ledger nothing of itself. Once {@link #close} was called, the
 * background post and {@link #checkOpen} throw.
 */
final class PlaytchaLink {

    final CircuitBreaker breaker;
    /** What this verifier's answers say of its own side's faults. */
    final LocalFaults faults;
    /** Where every result is logged, each at the level docs/logging.md gives it. */
    final ResultLog log;
    private final HttpTransport transport;
    /** Set once {@link #close} was called. */
    final AtomicBoolean closed = new AtomicBoolean();

    PlaytchaLink(CircuitBreaker breaker, HttpTransport transport, VerifierClock clock) {
        this.breaker = breaker;
        this.transport = transport;
        this.faults = new LocalFaults(clock);
        this.log = new ResultLog(clock, faults);
    }

    /** A live request's post, through the breaker; {@code clientAddress} may be {@code null}. */
    VerificationResult live(String token, String clientAddress) {
        return answered(breaker.call(() -> transport.post(token, HttpTransport.Wait.LIVE)), clientAddress);
    }

    /** {@link #live} without waiting: completes on the transport's I/O thread, or at once (breaker open, bulkhead full). */
    CompletableFuture<VerificationResult> liveAsync(String token, String clientAddress) {
        return breaker.callAsync(() -> transport.postAsync(token)).thenApply(result -> answered(result, clientAddress));
    }

    private VerificationResult answered(VerificationResult result, String clientAddress) {
        faults.answered(result, clientAddress);
        log.record(result);
        return result;
    }

    /** The fail-open ledger's post: the same pool as {@link #live}, past the breaker; throws once closing. */
    VerificationResult background(String token) {
        checkOpen();
        VerificationResult result = ComposedVerifier.refusal(token);
        if (result == null) {
            result = transport.post(token, HttpTransport.Wait.BACKGROUND);
            faults.reverified(result); // our own retry: no client of its own to count
        }
        if (result.source() != VerificationResult.Source.POOL) {
            log.record(result); // the overload WARNING counts live requests turned away, not our own retries
        }
        return result;
    }

    /** @throws IllegalStateException once {@link #close} was called */
    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this PlaytchaVerifier is closed");
        }
    }

    /**
     * Marks this link, and so the verifier, closed, then closes the transport (verifies in flight on it end
     * now); {@code false}, and nothing done, when they already were.
     */
    boolean close() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        transport.close();
        return true;
    }
}
