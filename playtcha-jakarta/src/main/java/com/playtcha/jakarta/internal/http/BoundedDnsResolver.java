package com.playtcha.jakarta.internal.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Resolves host names within a time limit (why: design/engine.md). A lookup that outlives the
 * limit is left to finish on its own thread and the verify fails with
 * {@link UnknownHostException}. IP literals are used as they are, without a thread.
 */
final class BoundedDnsResolver implements DnsResolver, AutoCloseable {

    private final DnsResolver delegate;
    private final Duration limit;
    private final ThreadPoolExecutor lookups;

    BoundedDnsResolver(DnsResolver delegate, Duration limit, int maxLookups, String threadName) {
        this.delegate = delegate;
        this.limit = limit;
        lookups = new ThreadPoolExecutor(0, maxLookups, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                HttpTransport.daemonThreads(threadName + "-dns-"));
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (isIpLiteral(host)) {
            return delegate.resolve(host);
        }
        Future<InetAddress[]> lookup;
        try {
            lookup = lookups.submit(() -> delegate.resolve(host));
        } catch (RejectedExecutionException busy) {
            throw new UnknownHostException(host + ": too many lookups in flight");
        }
        try {
            return lookup.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException slow) {
            lookup.cancel(true);
            throw new UnknownHostException(host + ": not resolved within " + limit.toMillis() + "ms");
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            UnknownHostException wrapped = new UnknownHostException(host + ": " + failed.getCause());
            wrapped.initCause(failed.getCause());
            throw wrapped;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            lookup.cancel(true);
            throw new UnknownHostException(host + ": interrupted while resolving");
        }
    }

    /**
     * The same lookup without waiting for it, for the non-blocking posts ({@link KnownNames}, which bounds it in
     * time): completes on a lookup thread, or at once with {@link UnknownHostException} when none is free.
     */
    CompletableFuture<InetAddress[]> lookup(String host) {
        CompletableFuture<InetAddress[]> found = new CompletableFuture<>();
        try {
            lookups.execute(() -> {
                try {
                    found.complete(delegate.resolve(host));
                } catch (UnknownHostException | RuntimeException e) {
                    found.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException busy) {
            found.completeExceptionally(new UnknownHostException(host + ": too many lookups in flight"));
        }
        return found;
    }

    /** The limit a lookup is given. */
    Duration limit() {
        return limit;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return delegate.resolveCanonicalHostname(host);
    }

    /**
     * A colon (IPv6), or a dotted quad as {@code \d{1,3}(\.\d{1,3}){3}} matches it; scanned by hand, since every non-blocking
     * post asks ({@link KnownNames#ready}) and {@code String.matches} compiled that pattern each time.
     */
    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        int groups = 0;
        int digits = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= '0' && c <= '9' && digits < 3) {
                digits++;
            } else if (c == '.' && digits > 0 && groups < 3) {
                groups++;
                digits = 0;
            } else {
                return false;
            }
        }
        return groups == 3 && digits > 0;
    }

    @Override
    public void close() {
        lookups.shutdownNow();
    }
}
