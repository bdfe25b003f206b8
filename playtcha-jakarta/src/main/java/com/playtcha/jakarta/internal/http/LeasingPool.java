package com.playtcha.jakarta.internal.http;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The verifier's connection pool, which tells a verify the moment it got its connection.
 *
 * <p>Why: the exchange with Playtcha gets a fixed budget, {@code timeout - lease-timeout}, that
 * starts when the connection is leased, not when the verify started. Otherwise a verify that
 * queued for a connection would have less time left for Playtcha than one that did not, and a
 * client could turn Playtcha's ordinary latency into {@code timeout} results (which fail open and
 * count for the circuit breaker) just by making the others queue: a flood of junk posts. With the
 * budget starting at the lease, whether Playtcha answers in time depends on Playtcha alone.
 *
 * <p>HttpClient's classic client leases on the calling thread, so the verify announces its
 * {@link Runnable} in a thread-local before it executes and clears it after; the lease runs it.
 */
final class LeasingPool implements HttpClientConnectionManager {

    private static final ThreadLocal<Runnable> ON_LEASE = new ThreadLocal<>();

    private final HttpClientConnectionManager pool;

    LeasingPool(HttpClientConnectionManager pool) {
        this.pool = pool;
    }

    /** Runs {@code exchange} with {@code onLease} run when (and if) it gets a pooled connection. */
    static <T> T leasing(Runnable onLease, IoCall<T> exchange) throws IOException {
        ON_LEASE.set(onLease);
        try {
            return exchange.call();
        } finally {
            // Not remove(): the next set() would allocate the thread's map entry again, on every
            // verify. A null value holds nothing (the key, this class's ThreadLocal, is weak).
            ON_LEASE.set(null);
        }
    }

    /** The exchange, as HttpClient's {@code execute} throws. */
    interface IoCall<T> {
        T call() throws IOException;
    }

    @Override
    public LeaseRequest lease(String id, HttpRoute route, Timeout requestTimeout, Object state) {
        LeaseRequest request = pool.lease(id, route, requestTimeout, state);
        return new LeaseRequest() {
            @Override
            public ConnectionEndpoint get(Timeout timeout) throws InterruptedException, ExecutionException, TimeoutException {
                ConnectionEndpoint endpoint = request.get(timeout);
                Runnable onLease = ON_LEASE.get();
                if (onLease != null) {
                    onLease.run();
                }
                return endpoint;
            }

            @Override
            public boolean cancel() {
                return request.cancel();
            }
        };
    }

    @Override
    public void release(ConnectionEndpoint endpoint, Object newState, TimeValue validDuration) {
        pool.release(endpoint, newState, validDuration);
    }

    @Override
    public void connect(ConnectionEndpoint endpoint, TimeValue connectTimeout, HttpContext context) throws IOException {
        pool.connect(endpoint, connectTimeout, context);
    }

    @Override
    public void upgrade(ConnectionEndpoint endpoint, HttpContext context) throws IOException {
        pool.upgrade(endpoint, context);
    }

    @Override
    public void close(CloseMode closeMode) {
        pool.close(closeMode);
    }

    @Override
    public void close() throws IOException {
        pool.close();
    }
}
