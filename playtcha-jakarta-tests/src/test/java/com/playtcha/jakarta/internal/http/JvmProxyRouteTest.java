package com.playtcha.jakarta.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

/**
 * The JVM's proxy choice without {@code playtcha.proxy.*}: the JDK selector's answer is kept for a
 * while (a property change reaches posts within it), any other selector is asked every time.
 */
class JvmProxyRouteTest {

    private static final HttpHost PLAYTCHA = new HttpHost("https", "verify.example", 443);

    @Test
    void theJdkSelector_isAskedAgainOnceItsAnswerIsOld_andSeesAChangedProperty() throws Exception {
        ProxySelector jdk = jdkSelector();
        JvmProxyRoute kept = new JvmProxyRoute(jdk, JvmProxyRoute.RECHECK_NANOS);
        JvmProxyRoute fresh = new JvmProxyRoute(jdk, 0);
        assertNull(kept.determineProxy(PLAYTCHA, HttpClientContext.create()), "no proxy property: direct");
        assertNull(fresh.determineProxy(PLAYTCHA, HttpClientContext.create()));
        String before = System.getProperty("https.proxyHost");
        System.setProperty("https.proxyHost", "127.0.0.9");
        System.setProperty("https.proxyPort", "3128");
        try {
            assertNull(kept.determineProxy(PLAYTCHA, HttpClientContext.create()), "within the recheck: the kept answer");
            HttpHost proxy = fresh.determineProxy(PLAYTCHA, HttpClientContext.create());
            assertEquals("127.0.0.9", proxy.getHostName());
            assertEquals(3128, proxy.getPort());
            HttpHost other = new HttpHost("https", "other.example", 443);
            assertEquals("127.0.0.9", kept.determineProxy(other, HttpClientContext.create()).getHostName(),
                    "another target is asked, not given the kept answer");
        } finally {
            restore("https.proxyHost", before);
            System.clearProperty("https.proxyPort");
        }
    }

    @Test
    void anApplicationsSelector_isAskedOnEveryPost() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        ProxySelector own = new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                asked.incrementAndGet();
                return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.example", 8080)));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        };
        JvmProxyRoute route = new JvmProxyRoute(own, JvmProxyRoute.RECHECK_NANOS);
        for (int i = 0; i < 3; i++) {
            assertEquals("proxy.example", route.determineProxy(PLAYTCHA, HttpClientContext.create()).getHostName());
        }
        assertEquals(3, asked.get());
    }

    private static ProxySelector jdkSelector() {
        ProxySelector selector = ProxySelector.getDefault();
        assertNull(selector.getClass().getClassLoader(), "the JDK's own selector is installed");
        return selector;
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
