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
 * <p>The JDK's own selector answers from the {@code http(s).proxyHost}, {@code nonProxyHosts} and
 * {@code socksProxyHost} system properties (or the system's proxy settings), which an application
 * may change while running, but rarely and never per request: its answer for Playtcha's host is
 * kept for {@value #RECHECK_MILLIS} ms, so such a change reaches posts within that. Any other
 * selector (an application's or a container's own, which may answer differently per call on
 * purpose) is asked on every post, as before. The selector itself is the one installed when the
 * verifier was built, as before.
 */
final class JvmProxyRoute extends SystemDefaultRoutePlanner {

    static final long RECHECK_MILLIS = 1000;
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS);

    private final boolean jdkSelector;
    private final long recheckNanos;
    /** The last answer for one target (Playtcha's host); a verifier posts to no other. */
    private volatile Answer last;

    private record Answer(HttpHost target, HttpHost proxy, long askedAt) {
    }

    JvmProxyRoute(ProxySelector selector) {
        this(selector, RECHECK_NANOS);
    }

    /** With the JDK selector's answers kept {@code recheckNanos} (tests). */
    JvmProxyRoute(ProxySelector selector, long recheckNanos) {
        super(selector);
        this.jdkSelector = selector != null && selector.getClass().getName().equals("sun.net.spi.DefaultProxySelector");
        this.recheckNanos = recheckNanos;
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
