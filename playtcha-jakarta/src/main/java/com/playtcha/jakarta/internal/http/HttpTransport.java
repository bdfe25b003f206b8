package com.playtcha.jakarta.internal.http;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Posts {@code {secret, token}} to Playtcha over one pooled Apache HttpClient 5 client, built once,
 * and turns whatever happens into a {@link VerificationResult}. Never retries, never throws for
 * anything Playtcha or the network does.
 *
 * <p>How the one {@code timeout} budget is kept. It has two parts: the wait for a pooled
 * connection, at most {@code lease-timeout}, and the exchange with Playtcha (connect, send, read),
 * which gets the rest, {@code timeout - lease-timeout}, counted from the moment it has its
 * connection ({@link LeasingPool}). So how long a post queued never shortens Playtcha's share, and
 * whether it times out depends on Playtcha alone. HttpClient's timeouts each bound one wait; a
 * {@link Deadline} on a timer thread bounds the whole exchange ({@link ExchangeTimer}).
 *
 * <p>The pool is also the bulkhead ({@link ConnectionPool}): when all {@code max-connections} are
 * leased, a live post waits at most {@code lease-timeout} for one, then is unavailable
 * {@link VerificationResult#OVERLOADED overloaded}: our own load, not Playtcha's fault. A
 * {@link Wait#BACKGROUND background} post (the fail-open ledger's) may wait the whole {@code timeout}.
 *
 * <p>Redirects, cookies, authentication caching, compression and automatic retries are off: a post
 * is one single-use token, answered by a small JSON object; on a direct route the client skips the
 * authentication bookkeeping too ({@link DirectRouteProtocol}). The way out, a proxy of our own or the
 * JVM's, and the certificates TLS trusts are {@link Egress}'s.
 *
 * <p><b>Warning:</b> HttpClient's SLF4J logger {@code org.apache.hc.client5.http.wire} at DEBUG
 * writes request bodies, and so the secret. Keep it above DEBUG in production.
 */
public final class HttpTransport implements AutoCloseable {

    /** How long a post may wait for a pooled connection. */
    public enum Wait {
        /** A request thread: {@code lease-timeout}, then {@code overloaded}. */
        LIVE,
        /** Background work: up to {@code timeout}. */
        BACKGROUND
    }

    /** {@code playtcha-jakarta/<version> (Java/<version>)}. */
    public static final String USER_AGENT = "playtcha-jakarta/" + libraryVersion() + " (Java/" + Runtime.version().feature() + ")";
    /** Longest reply header line read; Playtcha's are well under 200 characters. */
    static final int MAX_HEADER_LINE = 8 * 1024;
    /** Most reply header lines read; Playtcha sends about ten. */
    static final int MAX_HEADER_LINES = 100;
    private static final int EVICT_EVERY_SECONDS = 5;
    /** Immutable, so one for every post. */
    private static final Header ACCEPT_JSON = new BasicHeader(HttpHeaders.ACCEPT, "application/json");

    private static final System.Logger LOG = System.getLogger(HttpTransport.class.getName());

    private final PlaytchaSettings settings;
    private final BoundedDnsResolver dns;
    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient client;
    private final ExchangeTimer timer;
    private final Duration exchangeBudget;
    private final RequestConfig live;
    private final RequestConfig background;
    /** Built once: {@code settings.verifyUrl()} parses a new URI on each call. */
    private final URI verifyUrl;
    /**
     * The {@code Host} header HttpClient's {@code RequestTargetHost} would format on every post (it adds
     * none to a request that has one), built once; set right after {@code Accept}, where it would add it.
     */
    private final Header host;
    private final RequestBody requestBody;
    private final ReplyMapping mapping = new ReplyMapping(JsonProvider.provider().createParserFactory(Map.of()), Clock.systemUTC());

    private HttpTransport(PlaytchaSettings settings, DnsResolver names, String threadName) {
        this.settings = settings;
        verifyUrl = settings.verifyUrl();
        URIAuthority target = new HttpPost(verifyUrl).getAuthority(); // as a post's, without user info as RequestTargetHost
        host = new BasicHeader(HttpHeaders.HOST, new URIAuthority(target.getHostName(), target.getPort()));
        requestBody = new RequestBody(settings.secret());
        exchangeBudget = settings.timeout().minus(settings.leaseTimeout());
        dns = new BoundedDnsResolver(names, settings.connectTimeout(), settings.maxConnections(), threadName);
        pool = ConnectionPool.build(settings, dns, Timeout.of(exchangeBudget));
        live = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(settings.leaseTimeout()))
                .setResponseTimeout(Timeout.of(exchangeBudget))
                .setRedirectsEnabled(false)
                .build();
        background = RequestConfig.copy(live).setConnectionRequestTimeout(Timeout.of(settings.timeout())).build();
        client = HttpClients.custom()
                .setConnectionManager(new LeasingPool(pool))
                // Not useSystemProperties(): its credentials provider would let a 401 challenge
                // re-send the POST. Our credentials are the proxy's alone.
                .setRoutePlanner(Egress.routePlanner(settings.proxy()))
                .setDefaultCredentialsProvider(Egress.credentials(settings.proxy()))
                .replaceExecInterceptor(ChainElement.PROTOCOL.name(), new DirectRouteProtocol())
                .addExecInterceptorAfter(ChainElement.CONNECT.name(), "playtcha-reached", Egress.reachedServer())
                .setDefaultRequestConfig(live)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                // No connection is anyone's: no client certificate, no connection-based proxy scheme among
                // HttpClient's (Basic, Digest, Bearer, SCRAM). The default handler, asked on every post,
                // would find no owner after making the context's map of authentication exchanges.
                .disableConnectionState()
                .disableContentCompression()
                .setUserAgent(USER_AGENT)
                .build();
        timer = new ExchangeTimer(threadName, this::evict, Duration.ofSeconds(EVICT_EVERY_SECONDS));
    }

    /**
     * A transport with its own pool and its timer thread {@code threadName} (its name lookups run
     * on {@code threadName-dns-N}).
     *
     * @param names the name resolver to bound by {@code connect-timeout}: the system's, or a slow one in tests
     */
    public static HttpTransport open(PlaytchaSettings settings, DnsResolver names, String threadName) {
        if ("http".equalsIgnoreCase(settings.apiUrl().getScheme()) && !isLoopback(settings.apiUrl().getHost())) {
            LOG.log(Level.WARNING, "Playtcha api-url uses plain http; the secret crosses the network unencrypted [api-url={0}]",
                    settings.apiUrl());
        }
        return new HttpTransport(settings, names, threadName);
    }

    /**
     * Posts one token that passed the local checks (present, at most 8 KiB of visible ASCII).
     * Returns within {@code lease-timeout} (or {@code timeout} when waiting in the
     * {@link Wait#BACKGROUND background}) plus the exchange's share of the budget.
     */
    public VerificationResult post(String token, Wait wait) {
        HttpPost post = new HttpPost(verifyUrl);
        post.setConfig(wait == Wait.LIVE ? live : background);
        post.setHeader(ACCEPT_JSON);
        post.setHeader(host);
        post.setEntity(new PostEntity(requestBody.with(token)));
        Deadline deadline = new Deadline(post, timer, exchangeBudget);
        ReplyReader.RawReply reply = null;
        Exception failure = null;
        Egress.PostContext context = new Egress.PostContext();
        try {
            reply = LeasingPool.leasing(deadline::start, () -> client.execute(post, context, response -> ReplyReader.read(response, post)));
        } catch (ReplyReader.OversizedReply oversized) {
            reply = oversized.reply();
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: HttpClient's word for an exchange cancelled mid-step.
            failure = e;
        }
        boolean deadlinePassed = deadline.finish();
        if (reply == null) {
            return FailureMapping.map(failure, deadlinePassed);
        }
        if (!context.reachedServer() || reply.status() == FailureMapping.PROXY_AUTHENTICATION_REQUIRED) {
            return FailureMapping.proxyRefused(reply.status());
        }
        return mapping.map(reply.status(), reply.retryAfter(), reply.body());
    }

    /** The pool's counters: leased connections return to 0 when no post is in flight. */
    public PoolStats poolStats() {
        return pool.getTotalStats();
    }

    private void evict() {
        pool.closeExpired();
        pool.closeIdle(TimeValue.ofSeconds(ConnectionPool.EVICT_IDLE_SECONDS));
    }

    /** Closes the pool (posts in flight end now), the timer and the lookup threads. Idempotent. */
    @Override
    public void close() {
        try {
            client.close(CloseMode.GRACEFUL);
        } finally {
            timer.close();
            dns.close();
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    private static String libraryVersion() {
        try (InputStream in = HttpTransport.class.getResourceAsStream("/com/playtcha/jakarta/core/playtcha-jakarta.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
