package com.playtcha.jakarta.internal.http;

import com.playtcha.jakarta.core.PlaytchaSettings;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The transport's connection pool, which is also its bulkhead: {@code max-connections} per route
 * and in total (HttpClient's default of 5 per route throttles a busy form to a fraction of what
 * Playtcha can answer), {@link PoolConcurrencyPolicy#STRICT strict} so that the limit is exact.
 * Idle connections are checked before reuse and evicted by the transport's timer; reply heads are
 * bounded and parsed strictly. Why: design/engine.md.
 */
final class ConnectionPool {

    static final int VALIDATE_AFTER_INACTIVITY_SECONDS = 1;
    static final int EVICT_IDLE_SECONDS = 20;
    static final Http1Config REPLY_LIMITS = Http1Config.custom()
            .setMaxLineLength(HttpTransport.MAX_HEADER_LINE).setMaxHeaderCount(HttpTransport.MAX_HEADER_LINES).build();

    private ConnectionPool() {
    }

    static PoolingHttpClientConnectionManager build(PlaytchaSettings settings, DnsResolver dns, Timeout exchange) {
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
                .setDnsResolver(dns) // with a proxy: the proxy's name; the proxy resolves Playtcha's
                .setTlsSocketStrategy(Egress.tls(settings.trustStore()))
                // The strict parser, not HttpClient's lenient default, which skips lines that are not a
                // status line and then reports "no response"; connections dropped once their framing
                // cannot be trusted (ReplyFraming).
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(REPLY_LIMITS)
                        .incomingContentLengthStrategy(ReplyFraming::length)
                        .responseParserFactory(ReplyFraming.parsers(REPLY_LIMITS))
                        .build())
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(exchange).build())
                .setDefaultConnectionConfig(connections(settings, exchange))
                .build();
    }

    /** A connection's bounds, the classic and the async pool's: connect, socket, and validation after a pause. */
    static ConnectionConfig connections(PlaytchaSettings settings, Timeout exchange) {
        return ConnectionConfig.custom().setConnectTimeout(Timeout.of(settings.connectTimeout())).setSocketTimeout(exchange)
                .setValidateAfterInactivity(TimeValue.ofSeconds(VALIDATE_AFTER_INACTIVITY_SECONDS)).build();
    }
}
