package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.breaker.CircuitBreaker;
import com.playtcha.jakarta.internal.http.HttpTransport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.hc.core5.pool.PoolStats;

/**
 * A verifier's line to Playtcha: the live post, through the {@link Gate} (the circuit breaker), and
 * the fail-open ledger's background post, past it. Every answer is logged ({@link ResultLog}) and
 * noted in the {@link LocalFaults}. Built before the ledger, which takes {@link #background} and
 * {@link Gate#holdsOff}, so that verifier and ledger are put together in one pass.
 */
final class Upstream implements AutoCloseable {

    private final HttpTransport transport;
    private final Gate gate;
    private final ResultLog log;
    private final LocalFaults faults;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param nanoTime the clock of the log's periods and the faults' window, as of the breaker */
    Upstream(HttpTransport transport, Gate gate, LongSupplier nanoTime) {
        this.transport = transport;
        this.gate = gate;
        this.faults = new LocalFaults(nanoTime);
        this.log = new ResultLog(nanoTime, faults);
    }

    /**
     * A live request's post: the breaker may answer for it ({@code circuit_open}); the pool waits
     * {@code lease-timeout}. {@code clientAddress} ({@code null} when the caller gave none) is whose
     * token it is, for the {@link LocalFaults}.
     */
    VerificationResult live(String token, String clientAddress) {
        VerificationResult result = gate.call(() -> transport.post(token, HttpTransport.Wait.LIVE));
        faults.answered(result, clientAddress);
        log.record(result);
        return result;
    }

    /**
     * The fail-open ledger's post: the same transport and pool as {@link #live}, but past the gate,
     * which counts live traffic only. Re-verifying a handful of tokens that Playtcha answers 5xx (a
     * poison token, say) must not open the breaker for everyone, nor take the probe that tells live
     * traffic Playtcha is back; the ledger keeps its own pace instead.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    VerificationResult background(String token) {
        if (closed.get()) {
            throw new IllegalStateException("this PlaytchaVerifier is closed");
        }
        VerificationResult result = TokenCheck.check(token);
        if (result == null) {
            result = transport.post(token, HttpTransport.Wait.BACKGROUND);
            faults.reverified(result); // our own retry: no client of its own to count
        }
        if (result.source() != VerificationResult.Source.POOL) {
            log.record(result); // the overload WARNING counts live requests turned away, not our own retries
        }
        return result;
    }

    Gate gate() {
        return gate;
    }

    /** Where a request's local answers (a bad token, a replay, a client over budget) are logged too. */
    ResultLog log() {
        return log;
    }

    /** What Playtcha's answers say about our configuration; where a full ledger is noted. */
    LocalFaults faults() {
        return faults;
    }

    /** The breaker's phase, or {@code null} when it is off (tests). */
    CircuitBreaker.Phase breakerPhase() {
        return gate.phase();
    }

    /** The pool's counters (tests). */
    PoolStats poolStats() {
        return transport.poolStats();
    }

    /** Closes the pool: posts in flight end now. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            transport.close();
        }
    }
}
