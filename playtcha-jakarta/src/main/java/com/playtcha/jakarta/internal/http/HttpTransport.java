package com.playtcha.jakarta.internal.http;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.VerifierClock;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Posts {@code {secret, token}} to Playtcha over one pooled Apache HttpClient 5 client, built once,
 * and turns whatever happens into a {@link VerificationResult}. Never retries, never throws for
 * anything Playtcha or the network does.
 *
 * <p>A post returns within {@code timeout}: one deadline over the whole post ({@link Deadlines}),
 * HttpClient's own timeouts on each wait, and the exchange gets at least {@code timeout - lease-timeout}
 * (how: docs/behaviour.md, the paragraph after the decision table that says a verify is never retried).
 *
 * <p>The pool is also the bulkhead ({@link ConnectionPool}): when all {@code max-connections} are
 * leased, a live post waits at most {@code lease-timeout} for one, then is unavailable
 * {@link VerificationResult#OVERLOADED overloaded}: our own load, not Playtcha's fault. A
 * {@link Wait#BACKGROUND background} post (the fail-open ledger's) may wait the whole {@code timeout}
 * for a connection, and its exchange then gets {@code timeout - lease-timeout}.
 *
 * <p>A caller on a virtual thread hands its exchange to a platform thread ({@link ExchangeThreads}), so
 * that a reply that came in time is read in time whatever holds the carriers; an exchange that could not
 * start, or that HttpClient's own state ended, is unavailable {@link VerificationResult#STALLED stalled}:
 * our own load, blocked like {@code overloaded}, never Playtcha's {@code timeout}.
 *
 * <p>Redirects, cookies, authentication caching, compression and automatic retries are off: a post
 * is one single-use token, answered by a small JSON object. A post that goes straight to Playtcha
 * runs through HttpClient's minimal client ({@link HttpClients#createMinimal}), which has no
 * authentication, redirect or retry steps; one through a proxy runs through the full client, which
 * answers the proxy's challenge. Both share the pool. The way out, a proxy of our own or the JVM's,
 * and the certificates TLS trusts are {@link Egress}'s.
 *
 * <p>{@link #postAsync} is the same post for a caller that must not block: HttpClient's async client, a pool and
 * I/O threads of its own, made at the first such post ({@link AsyncPosts}); the timer, the lookups, the body and
 * the reply's mapping are this transport's.
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
    static final Header ACCEPT_JSON = new BasicHeader(HttpHeaders.ACCEPT, "application/json");
    /** Set on the request: the minimal client would otherwise name itself. */
    private static final Header USER_AGENT_HEADER = new BasicHeader(HttpHeaders.USER_AGENT, USER_AGENT);

    private static final System.Logger LOG = System.getLogger(HttpTransport.class.getName());

    private final BoundedDnsResolver dns;
    private final PoolingHttpClientConnectionManager pool;
    /** HttpClient's minimal client over the pool: posts that go straight to Playtcha. */
    private final CloseableHttpClient direct;
    /** HttpClient's full client over the same pool: posts through a proxy. */
    private final CloseableHttpClient viaProxy;
    /** The JVM's proxy choice, asked per post; {@code null} when {@code playtcha.proxy.*} sends every post through ours. */
    private final JvmProxyRoute jvmRoute;
    private final HttpHost target;
    private final Deadlines deadlines;
    /** Where a virtual caller's exchange runs: see {@link ExchangeThreads}. */
    private final ExchangeThreads exchangeThreads;
    private final long liveLeaseNanos;
    private final Duration liveBudget;
    private final Duration backgroundBudget;
    private final RequestConfig live;
    private final RequestConfig background;
    /** Built once: {@code settings.verifyUrl()} parses a new URI on each call. */
    private final URI verifyUrl;
    private final RequestBody requestBody;
    private final ReplyMapping mapping;
    /** What the non-blocking posts need that this transport made; they are made at the first of them. */
    private final AsyncPosts.Parts asyncParts;
    /** {@code null} until the first non-blocking post. */
    private volatile AsyncPosts async;
    /** Guarded by this: the making of {@link #async}, on an exchange thread; {@code null} before the first non-blocking post. */
    private CompletableFuture<AsyncPosts> starting;
    private boolean closed;

    private HttpTransport(PlaytchaSettings settings, DnsResolver names, String threadName, VerifierClock clock) {
        mapping = new ReplyMapping(JsonProvider.provider().createParserFactory(Map.of()), clock);
        verifyUrl = settings.verifyUrl();
        target = HttpHost.create(verifyUrl);
        requestBody = new RequestBody(settings.secret());
        Duration exchange = settings.timeout().minus(settings.leaseTimeout());
        liveBudget = settings.timeout();
        backgroundBudget = settings.timeout().plus(exchange);
        dns = new BoundedDnsResolver(names, settings.connectTimeout(), settings.maxConnections(), threadName);
        pool = ConnectionPool.build(settings, dns, Timeout.of(exchange));
        live = RequestConfig.custom().setConnectionRequestTimeout(Timeout.of(settings.leaseTimeout()))
                .setResponseTimeout(Timeout.of(exchange)).setRedirectsEnabled(false).build();
        background = RequestConfig.copy(live).setConnectionRequestTimeout(Timeout.of(settings.timeout())).build();
        HttpRoutePlanner routes = Egress.routePlanner(settings.proxy());
        jvmRoute = routes instanceof JvmProxyRoute jvm ? jvm : null;
        direct = HttpClients.createMinimal(pool);
        viaProxy = HttpClients.custom()
                .setConnectionManager(pool)
                .setConnectionManagerShared(true) // the minimal client closes it
                // Not useSystemProperties(): its credentials provider would let a 401 challenge
                // re-send the POST. Our credentials are the proxy's alone.
                .setRoutePlanner(routes)
                .setDefaultCredentialsProvider(Egress.credentials(settings.proxy()))
                .addExecInterceptorAfter(ChainElement.CONNECT.name(), "playtcha-reached", Egress.reachedServer())
                .setDefaultRequestConfig(live)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState() // no connection is anyone's: no client certificate, no NTLM
                .disableContentCompression()
                .setUserAgent(USER_AGENT)
                .build();
        deadlines = new Deadlines(threadName, this::evict, Duration.ofSeconds(EVICT_EVERY_SECONDS));
        exchangeThreads = new ExchangeThreads(threadName, settings.maxConnections());
        liveLeaseNanos = settings.leaseTimeout().toNanos();
        asyncParts = new AsyncPosts.Parts(settings, threadName, deadlines, dns, requestBody, mapping, live);
    }

    /**
     * A transport with its own pool and its timer thread {@code threadName} (its name lookups run
     * on {@code threadName-dns-N}).
     *
     * @param names the name resolver to bound by {@code connect-timeout}: the system's, or a slow one in tests
     * @param clock the verifier's: what a {@code Retry-After} date is counted from
     */
    public static HttpTransport open(PlaytchaSettings settings, DnsResolver names, String threadName, VerifierClock clock) {
        if ("http".equalsIgnoreCase(settings.apiUrl().getScheme()) && !isLoopback(settings.apiUrl().getHost())) {
            LOG.log(Level.WARNING, "Playtcha api-url uses plain http; the secret crosses the network unencrypted [api-url={0}]",
                    settings.apiUrl());
        }
        return new HttpTransport(settings, names, threadName, clock);
    }

    /**
     * Posts one token that passed the local checks (present, at most 8 KiB of visible ASCII).
     * Returns within {@code timeout} (in the {@link Wait#BACKGROUND background}: {@code timeout}
     * for the lease plus the exchange's {@code timeout - lease-timeout}).
     */
    public VerificationResult post(String token, Wait wait) {
        if (!ExchangeThreads.callerIsVirtual()) {
            return exchange(token, wait, 0);
        }
        long handedOff = System.nanoTime();
        return exchangeThreads.run(() -> handedOff(token, wait, handedOff));
    }

    /**
     * A virtual caller's exchange, on one of {@link ExchangeThreads}: {@code stalled} when it starts later
     * than its lease wait allows (this node's threads were busy or not scheduled), else the exchange, in
     * what is left of the budget.
     */
    private VerificationResult handedOff(String token, Wait wait, long handedOff) {
        long queued = System.nanoTime() - handedOff;
        if (queued > (wait == Wait.LIVE ? liveLeaseNanos : liveBudget.toNanos())) { // a background post may wait `timeout`
            return FailureMapping.STARTED_LATE;
        }
        return exchange(token, wait, queued);
    }

    /** The exchange, on the caller's thread or one of {@link ExchangeThreads}; {@code queued}: the budget already spent. */
    private VerificationResult exchange(String token, Wait wait, long queued) {
        HttpPost post = new HttpPost(verifyUrl);
        post.setConfig(wait == Wait.LIVE ? live : background);
        post.setHeader(ACCEPT_JSON);
        post.setHeader(USER_AGENT_HEADER);
        post.setEntity(new ByteArrayEntity(requestBody.with(token), ContentType.APPLICATION_JSON));
        Duration budget = wait == Wait.LIVE ? liveBudget : backgroundBudget;
        Deadlines.Watch deadline = deadlines.watch(post, queued == 0 ? budget : budget.minusNanos(queued));
        ReplyReader.RawReply reply = null;
        Exception failure = null;
        Egress.PostContext context = new Egress.PostContext();
        boolean straight = false;
        try {
            straight = jvmRoute != null && jvmRoute.straightTo(target);
            reply = (straight ? direct : viaProxy).execute(post, context, response -> ReplyReader.read(response, post));
        } catch (ReplyReader.OversizedReply oversized) {
            reply = oversized.reply();
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: HttpClient's word for an exchange cancelled mid-step, or its own state gone wrong.
            failure = e;
        }
        boolean deadlinePassed = deadline.end();
        if (reply == null) {
            return FailureMapping.map(failure, deadlinePassed);
        }
        if (!straight && !context.reachedServer() || reply.status() == FailureMapping.PROXY_AUTHENTICATION_REQUIRED) {
            return FailureMapping.proxyRefused(reply.status());
        }
        return mapping.map(reply.status(), reply.retryAfter(), reply.body());
    }

    /**
     * A live post that never waits on the caller's thread: what {@link #post} answers for the same exchange,
     * as a stage that completes within {@code timeout} on one of the non-blocking client's I/O threads, or at
     * once ({@code overloaded} past {@code max-connections} in flight). That client, its pool and its I/O
     * threads are made for the first call ({@link AsyncPosts}), on one of the exchange threads: making them reads
     * the JDK's TLS setup and starts threads, which the caller's thread must not wait for.
     */
    public CompletableFuture<VerificationResult> postAsync(String token) {
        AsyncPosts posts = async;
        return posts != null ? posts.post(token) : started().thenCompose(made -> made.post(token));
    }

    private synchronized CompletableFuture<AsyncPosts> started() {
        if (starting == null) {
            starting = CompletableFuture.supplyAsync(this::startAsync, exchangeThreads::execute);
        }
        return starting;
    }

    private synchronized AsyncPosts startAsync() {
        if (closed) {
            throw new IllegalStateException("this transport is closed");
        }
        async = new AsyncPosts(asyncParts);
        return async;
    }

    /** Connections the non-blocking client's pool has leased now; 0 before its first post. */
    int leasedNonBlocking() {
        AsyncPosts posts = async;
        return posts == null ? 0 : posts.leased();
    }

    private void evict() {
        pool.closeExpired();
        pool.closeIdle(TimeValue.ofSeconds(ConnectionPool.EVICT_IDLE_SECONDS));
        AsyncPosts posts = async;
        if (posts != null) {
            posts.evict();
        }
    }

    /** Closes the pool (posts in flight end now), the timer and the lookup threads. Idempotent. */
    @Override
    public void close() {
        AsyncPosts posts;
        synchronized (this) {
            closed = true;
            posts = async;
        }
        try {
            viaProxy.close(CloseMode.GRACEFUL);
            direct.close(CloseMode.GRACEFUL);
            if (posts != null) {
                posts.close();
            }
        } finally {
            exchangeThreads.close();
            deadlines.close();
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

    /**
     * Threads named {@code prefix} and a number, for the library's pools: daemons, inheriting no thread-locals, and
     * with no context class loader (not the deploying application's: they must not pin it after an undeploy).
     */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(null, task, prefix + number.incrementAndGet(), 0, false);
            thread.setDaemon(true);
            thread.setContextClassLoader(null);
            return thread;
        };
    }
}
