package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;

/**
 * The time a request spends inside PlaytchaFilter itself, on the server: {@link #before()} is mapped
 * right before it and {@link #after()} right after, so what lies between is the filter's own work and
 * waits (reading the form, the verify, the ledger, the attributes), without Jetty, the servlet, the
 * response or the load generator. Kept for {@code circuit_open} requests only, which is what the
 * outage target is about: set next to B's p99 seen by the client, it tells what the filter adds from
 * what the machine adds (scheduling, GC, the network stack).
 */
final class FilterClock {

    private static final String STARTED = FilterClock.class.getName() + ".started";

    private long[] nanos = new long[1 << 14];
    private int size;

    /** Forgets what was timed so far: the start of a window. */
    synchronized void reset() {
        size = 0;
    }

    /** What was timed since {@link #reset()}, sorted. */
    synchronized long[] sorted() {
        long[] copy = Arrays.copyOf(nanos, size);
        Arrays.sort(copy);
        return copy;
    }

    private synchronized void add(long value) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = value;
    }

    HttpFilter before() {
        return new HttpFilter() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                request.setAttribute(STARTED, System.nanoTime());
                chain.doFilter(request, response);
            }
        };
    }

    HttpFilter after() {
        return new HttpFilter() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                long now = System.nanoTime();
                if (request.getAttribute(STARTED) instanceof Long started
                        && VerificationResult.CIRCUIT_OPEN.equals(request.getAttribute(PlaytchaFilter.ERROR_CODE))) {
                    add(now - started);
                }
                chain.doFilter(request, response);
            }
        };
    }
}
