package com.playtcha.jakarta.internal.http;

import java.net.ProxySelector;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The route the JVM's {@link ProxySelector} gives, without {@code playtcha.proxy.*}: HttpClient's
 * {@link SystemDefaultRoutePlanner}, which asks the selector on every post (about 0.8 KB of
 * garbage each time: a URI parsed from the host, and the JDK selector's own look-ups).
 *
 * <p>The JDK's own selector's answer is kept for {@value #RECHECK_MILLIS} ms; any other selector is
 * asked on every post. Why: design/engine.md.
 */
final class JvmProxyRoute extends SystemDefaultRoutePlanner {

    static final long RECHECK_MILLIS = 1000;
    static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS);

    private final boolean jdkSelector;
    private final long recheckNanos;
    /** The last answer for one target (Playtcha's host); a verifier posts to no other. */
    private volatile Answer last;

    private record Answer(HttpHost target, HttpHost proxy, long askedAt) {
    }

    /** @param recheckNanos how long the JDK selector's answer is kept: {@link #RECHECK_NANOS} */
    JvmProxyRoute(ProxySelector selector, long recheckNanos) {
        super(selector);
        // By the class loader, not by a class name: the JDK's classes have no public names to check.
        this.jdkSelector = selector != null && selector.getClass().getClassLoader() == null;
        this.recheckNanos = recheckNanos;
    }

    /**
     * Whether the JVM sends posts to {@code target} straight there, with no proxy; {@code false}
     * also when its selector fails, so that the full client meets and reports the failure.
     */
    boolean straightTo(HttpHost target) {
        try {
            return determineProxy(target, null) == null;
        } catch (HttpException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The first host a post to {@code target} connects to: the JVM's proxy for it, or {@code target} itself (the
     * same instance) when it goes straight there or the selector fails (the client then meets and reports that).
     */
    HttpHost firstHop(HttpHost target) {
        try {
            HttpHost proxy = determineProxy(target, null);
            return proxy == null ? target : proxy;
        } catch (HttpException | RuntimeException e) {
            return target;
        }
    }

    @Override
    protected HttpHost determineProxy(HttpHost target, HttpContext context) throws HttpException {
        if (!jdkSelector) {
            return super.determineProxy(target, context);
        }
        long now = System.nanoTime();
        Answer answer = last;
        if (answer != null && now - answer.askedAt < recheckNanos && answer.target.equals(target)) {
            return answer.proxy;
        }
        HttpHost proxy = super.determineProxy(target, context);
        last = new Answer(target, proxy, now);
        return proxy;
    }
}
