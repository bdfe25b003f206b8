package com.playtcha.jakarta.core;

import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.DeadlineTimeoutException;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The verifier over Apache HttpClient 5: one pooled client, built once.
 *
 * <p>How the one {@code timeout} budget is kept. It has two parts: the wait for a pooled
 * connection, at most {@code lease-timeout}, and the exchange with Playtcha (connect, send, read),
 * which gets the rest, {@code timeout - lease-timeout}, counted from the moment it has its
 * connection ({@link LeasingPool}). So how long a verify queued never shortens Playtcha's share,
 * and whether a verify times out depends on Playtcha alone. HttpClient's timeouts each bound one
 * wait and a server that sends a byte now and then never trips the read timeout, so every
 * exchange also gets a deadline on a timer thread that cancels it when its share is spent; the
 * individual timeouts are set too, so that the common cases end without the timer. The pool allows {@code max-connections} per route and in total (HttpClient's default of 5
 * per route throttles a busy form to a fraction of what Playtcha can answer).
 *
 * <p>The pool is also the bulkhead: when all {@code max-connections} are leased, a verify waits at
 * most {@code lease-timeout} (default 250 ms, never more than {@code timeout}) for one, then is
 * unavailable {@link VerificationResult#OVERLOADED overloaded}. A hung Playtcha thus holds at most
 * {@code max-connections} servlet threads for the whole budget; the rest give up after the short
 * lease wait instead of queueing. {@code overloaded} is our own load, not Playtcha's fault: the
 * breaker does not count it and {@link Decision} blocks it in both fail modes, so a flood of junk
 * posts can neither open the breaker nor buy a pass.
 *
 * <p>Unless {@code playtcha.breaker.enabled=false}, every live post goes through a
 * {@link CircuitBreaker}: after {@code playtcha.breaker.failures} unavailable results in a row it
 * answers {@code circuit_open} at once, without calling Playtcha, until a probe after the cool-down
 * gets a verdict again. Local rejections (no token, malformed token) and {@code overloaded} never
 * reach it. The fail-open ledger's re-verifications bypass it ({@link #reverify}): background work
 * must not open the breaker for live traffic, nor take its probe slots.
 *
 * <p>Redirects, cookies, authentication caching, compression and automatic retries are off: a verify
 * is one POST of a single-use token, answered by a small JSON object. Connections idle for
 * {@value #VALIDATE_AFTER_INACTIVITY_SECONDS} s are checked before reuse, which catches most
 * connections the server closed in the meantime (one closed between the check and the write still
 * fails that verify, unavailable and not retried), and connections idle for
 * {@value #EVICT_IDLE_SECONDS} s are closed. Host names resolve within {@code connect-timeout}
 * ({@link BoundedDnsResolver}); the JVM's proxy settings apply.
 *
 * <p><b>Warning:</b> HttpClient's SLF4J logger {@code org.apache.hc.client5.http.wire} at DEBUG
 * writes request bodies, and so the secret. Keep it above DEBUG in production.
 */
final class HttpPlaytchaVerifier implements PlaytchaVerifier {

    static final int MAX_TOKEN_LENGTH = 8 * 1024;
    /** Playtcha's code for a token used before; also ours for one the ledger already let through. */
    static final String ALREADY_LET_THROUGH = "already_redeemed";
    static final int VALIDATE_AFTER_INACTIVITY_SECONDS = 1;
    static final int EVICT_IDLE_SECONDS = 20;
    /** Longest reply header line read; Playtcha's are well under 200 characters. */
    static final int MAX_HEADER_LINE = 8 * 1024;
    /** Most reply header lines read; Playtcha sends about ten. */
    static final int MAX_HEADER_LINES = 100;
    private static final Http1Config REPLY_LIMITS = Http1Config.custom()
            .setMaxLineLength(MAX_HEADER_LINE).setMaxHeaderCount(MAX_HEADER_LINES).build();
    private static final int EVICT_EVERY_SECONDS = 5;

    /** {@code playtcha-jakarta/<version> (Java/<version>)}. */
    static final String USER_AGENT = "playtcha-jakarta/" + libraryVersion() + " (Java/" + Runtime.version().feature() + ")";

    private static final System.Logger LOG = System.getLogger(HttpPlaytchaVerifier.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final PlaytchaSettings settings;
    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient client;
    private final ScheduledThreadPoolExecutor timer;
    /** What the exchange with Playtcha gets once it has a connection: {@code timeout - lease-timeout}. */
    private final java.time.Duration exchangeBudget;
    /** Live verifies wait {@code lease-timeout} for a connection; the ledger's, {@code timeout} (background work can wait). */
    private final RequestConfig liveConfig;
    private final RequestConfig backgroundConfig;
    private final BoundedDnsResolver dns;
    private final Jsonb jsonb;
    private final ReplyMapping mapping;
    private final ResultLog resultLog = new ResultLog();
    private final CircuitBreaker breaker;
    private final Listeners listeners;
    private final FailOpenLedger ledger;
    private final AtomicBoolean closed = new AtomicBoolean();

    HttpPlaytchaVerifier(PlaytchaSettings settings) {
        this(settings, List.of());
    }

    /** With listeners that hear everything from the start, replayed ledger entries included. */
    HttpPlaytchaVerifier(PlaytchaSettings settings, List<PlaytchaListener> listeners) {
        this(settings, SystemDefaultDnsResolver.INSTANCE, System::nanoTime, listeners);
    }

    /** With the name resolver to bound: tests pass a slow one. */
    HttpPlaytchaVerifier(PlaytchaSettings settings, DnsResolver names) {
        this(settings, names, System::nanoTime);
    }

    /** With the name resolver and the circuit breaker's clock: tests pass a fake one to end a cool-down. */
    HttpPlaytchaVerifier(PlaytchaSettings settings, DnsResolver names, LongSupplier nanoTime) {
        this(settings, names, nanoTime, List.of());
    }

    private HttpPlaytchaVerifier(PlaytchaSettings settings, DnsResolver names, LongSupplier nanoTime,
            List<PlaytchaListener> extraListeners) {
        this.settings = settings;
        breaker = CircuitBreaker.of(settings.breaker(), nanoTime);
        int instance = INSTANCES.incrementAndGet();
        // Everything that can fail is built before the first thread starts: a failed constructor
        // must not leave a thread pinning the web app's class loader.
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        listeners = Listeners.load(context != null ? context : HttpPlaytchaVerifier.class.getClassLoader());
        extraListeners.forEach(listeners::add);
        jsonb = JsonbBuilder.create();
        mapping = new ReplyMapping(JsonProvider.provider().createParserFactory(Map.of()), Clock.systemUTC());
        dns = new BoundedDnsResolver(names, settings.connectTimeout(), settings.maxConnections(),
                "playtcha-verifier-" + instance);
        exchangeBudget = settings.timeout().minus(settings.leaseTimeout());
        Timeout budget = Timeout.of(exchangeBudget);
        pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
                .setDnsResolver(dns)
                // A reply whose head runs past these limits is no Playtcha reply: bad_response, not
                // unbounded memory. The strict parser, not HttpClient's lenient default, which skips
                // lines that are not a status line and then reports "no response" (a network error).
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(REPLY_LIMITS)
                        .responseParserFactory(new DefaultHttpResponseParserFactory(REPLY_LIMITS))
                        .build())
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(budget).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(budget)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(VALIDATE_AFTER_INACTIVITY_SECONDS))
                        .build())
                .build();
        liveConfig = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(settings.leaseTimeout()))
                .setResponseTimeout(budget)
                .setRedirectsEnabled(false)
                .build();
        backgroundConfig = RequestConfig.copy(liveConfig).setConnectionRequestTimeout(Timeout.of(settings.timeout())).build();
        client = HttpClients.custom()
                .setConnectionManager(new LeasingPool(pool))
                // The JVM's proxy settings (https.proxyHost, ...) apply, as they do for the JDK's
                // own clients. Not useSystemProperties(): its credentials provider would let a 401
                // challenge re-send the POST.
                .setRoutePlanner(new SystemDefaultRoutePlanner(ProxySelector.getDefault()))
                .setDefaultRequestConfig(liveConfig)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent(USER_AGENT)
                .build();
        timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "playtcha-verifier-" + instance);
            thread.setDaemon(true);
            // Not the deploying app's class loader: the thread must not pin it after undeploy.
            thread.setContextClassLoader(null);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.scheduleWithFixedDelay(this::evict, EVICT_EVERY_SECONDS, EVICT_EVERY_SECONDS, TimeUnit.SECONDS);
        try {
            ledger = !settings.ledger().enabled() ? null : FailOpenLedger.start(settings.ledger(), settings.maxConnections(),
                    this::reverify, this::coolingDown, listeners::reconciled, "playtcha-verifier-" + instance + "-ledger");
        } catch (RuntimeException | Error e) {
            closed.set(true);
            closeTransport();
            throw e;
        }
        if ("http".equalsIgnoreCase(settings.apiUrl().getScheme()) && !isLoopback(settings.apiUrl().getHost())) {
            LOG.log(Level.WARNING, "Playtcha api-url uses plain http; the secret crosses the network unencrypted [api-url={0}]",
                    settings.apiUrl());
        }
        LOG.log(Level.DEBUG, "Playtcha verifier ready [{0}]", settings);
    }

    @Override
    public VerificationResult verify(String token) {
        if (closed.get()) {
            throw new IllegalStateException("this PlaytchaVerifier is closed");
        }
        VerificationResult result = checkToken(token);
        if (result == null && ledger != null && ledger.holds(token)) {
            result = VerificationResult.Rejected.local(ALREADY_LET_THROUGH,
                    "this token already went on once without a verdict (failed open) and waits for re-verification; "
                            + "a single-use token passes at most once");
        }
        if (result == null) {
            result = breaker == null ? post(token, liveConfig) : postThroughBreaker(token);
        }
        resultLog.record(result);
        return result;
    }

    @Override
    public LedgerEntry report(String token, VerificationResult result, Decision decision, String path, String remoteAddress) {
        LedgerEntry entry = null;
        if (ledger != null && decision.failedOpen() && result instanceof VerificationResult.Unavailable unavailable
                && checkToken(token) == null) {
            entry = ledger.record(token, path, remoteAddress, unavailable.code());
        }
        if (!listeners.isEmpty()) {
            listeners.decided(new DecisionEvent(java.time.Instant.now(), path, remoteAddress, result, decision, entry));
        }
        return entry;
    }

    @Override
    public void addListener(PlaytchaListener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean removeListener(PlaytchaListener listener) {
        return listeners.remove(listener);
    }

    /**
     * The fail-open ledger's post: the same transport and pool as {@link #verify}, but past the
     * circuit breaker, which counts live traffic only. Re-verifying a handful of tokens that
     * Playtcha answers 5xx (a poison token, say) must not open the breaker for everyone, and the
     * ledger must not take the probe that tells live traffic Playtcha is back. The ledger keeps its
     * own pace instead (see {@link FailOpenLedger}).
     */
    VerificationResult reverify(String token) {
        if (closed.get()) {
            throw new IllegalStateException("this PlaytchaVerifier is closed");
        }
        VerificationResult result = checkToken(token);
        if (result == null) {
            result = post(token, backgroundConfig);
        }
        if (!VerificationResult.OVERLOADED.equals(result.errorCode())) {
            resultLog.record(result); // the overload WARNING counts live requests turned away, not our own retries
        }
        return result;
    }

    /** Whether the breaker is open and cooling down: the ledger holds off its posts meanwhile. */
    private boolean coolingDown() {
        return breaker != null && breaker.coolingDown();
    }

    /** The fail-open ledger, or {@code null} when off: tests look at its size and run a pass. */
    FailOpenLedger ledger() {
        return ledger;
    }

    private VerificationResult postThroughBreaker(String token) {
        CircuitBreaker.Permit permit = breaker.acquire();
        if (permit == null) {
            return new VerificationResult.Unavailable(VerificationResult.CIRCUIT_OPEN,
                    "the circuit breaker is open after repeated failures; Playtcha was not called", null, 0);
        }
        VerificationResult result = null;
        try {
            result = post(token, liveConfig);
            return result;
        } finally {
            if (result == null || VerificationResult.OVERLOADED.equals(result.errorCode())) {
                // Closed meanwhile, or never left our pool: nothing Playtcha did to count.
                breaker.release(permit);
            } else {
                breaker.record(permit, result);
            }
        }
    }

    /** The local rows of the decision table: no token, or one that cannot be a token. */
    static VerificationResult.Rejected checkToken(String token) {
        if (token == null || token.isBlank()) {
            return VerificationResult.Rejected.local(VerificationResult.MISSING_TOKEN, "the request carries no Playtcha token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return VerificationResult.Rejected.local(VerificationResult.MALFORMED_TOKEN, "the token is over 8 KiB");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return VerificationResult.Rejected.local(VerificationResult.MALFORMED_TOKEN,
                        "the token has characters outside visible ASCII");
            }
        }
        return null;
    }

    /**
     * Posts one token. The wait for a connection is bounded by the request's connection-request
     * timeout; the exchange then gets {@link #exchangeBudget}, counted from the lease (see
     * {@link LeasingPool}).
     *
     * @param config the live config, or the background one whose wait for a connection is longer
     */
    private VerificationResult post(String token, RequestConfig config) {
        HttpPost post = new HttpPost(settings.verifyUrl());
        post.setConfig(config);
        post.setHeader(HttpHeaders.ACCEPT, "application/json");
        post.setEntity(new ByteArrayEntity(requestBody(token), ContentType.APPLICATION_JSON));
        Deadline deadline = new Deadline(post);
        RawReply reply = null;
        Exception failure = null;
        try {
            reply = LeasingPool.leasing(deadline::start, () -> client.execute(post, response -> read(response, post)));
        } catch (OversizedReply oversized) {
            reply = new RawReply(oversized.status, oversized.retryAfter, null);
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: HttpClient's word for an exchange cancelled mid-step.
            failure = e;
        }
        boolean deadlinePassed = deadline.finish();
        return reply != null ? mapping.map(reply.status, reply.retryAfter, reply.body) : failure(failure, deadlinePassed);
    }

    /** What came back, before it means anything: status, Retry-After, and the body or {@code null} when over 64 KiB. */
    private record RawReply(int status, String retryAfter, byte[] body) {
    }

    /**
     * Cancels an exchange that outlives its budget, counted from the moment it got a pooled
     * connection ({@link #start()}, called by {@link LeasingPool}). Its cancel releases the
     * connection on the timer thread; {@link #finish()} waits for that, so when verify returns
     * nothing of the exchange is in flight or leased. (A {@code ScheduledFuture} cannot tell: its
     * {@code cancel} succeeds while the task is still running.)
     */
    private final class Deadline implements Runnable {
        private final HttpPost post;
        private ScheduledFuture<?> scheduled;
        private boolean finished;
        private boolean fired;

        Deadline(HttpPost post) {
            this.post = post;
        }

        /** The connection is ours: the exchange's budget starts now. */
        synchronized void start() {
            if (finished || scheduled != null) {
                return;
            }
            try {
                scheduled = timer.schedule(this, exchangeBudget.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closedMeanwhile) {
                fired = true; // the verifier closed under us: no budget left at all
                post.cancel();
            }
        }

        @Override
        public synchronized void run() {
            if (!finished) {
                fired = true;
                post.cancel();
            }
        }

        /** Marks the exchange over; returns whether the deadline cancelled it. */
        synchronized boolean finish() {
            finished = true;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            return fired;
        }
    }

    private byte[] requestBody(String token) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("secret", settings.secret());
        body.put("token", token);
        return jsonb.toJson(body).getBytes(StandardCharsets.UTF_8);
    }

    /** Runs inside HttpClient's response handling: reads status, Retry-After and at most 64 KiB of body. */
    private static RawReply read(ClassicHttpResponse response, HttpPost post) throws IOException {
        int status = response.getCode();
        Header retryAfterHeader = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        String retryAfter = retryAfterHeader == null ? null : retryAfterHeader.getValue();
        HttpEntity entity = response.getEntity();
        byte[] body = new byte[0];
        if (entity != null) {
            if (entity.getContentLength() > ReplyMapping.MAX_BODY_BYTES) {
                throw oversized(post, status, retryAfter);
            }
            InputStream in = entity.getContent();
            long declared = entity.getContentLength();
            // A declared length is read into an array of that size (a reply is ~150 bytes; reading
            // up to the cap allocates 8 KiB chunks), then one more byte proves the length true.
            body = declared >= 0 ? in.readNBytes((int) declared) : in.readNBytes(ReplyMapping.MAX_BODY_BYTES + 1);
            if (declared >= 0 && body.length == declared && in.read() != -1) {
                throw oversized(post, status, retryAfter);
            }
            if (body.length > ReplyMapping.MAX_BODY_BYTES) {
                throw oversized(post, status, retryAfter);
            }
        }
        return new RawReply(status, retryAfter, body);
    }

    /**
     * Cancelling drops the connection: otherwise HttpClient would read the rest of the body to keep
     * the connection, however large it is.
     */
    private static OversizedReply oversized(HttpPost post, int status, String retryAfter) {
        post.cancel();
        return new OversizedReply(status, retryAfter);
    }

    private static final class OversizedReply extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;
        final transient String retryAfter;

        OversizedReply(int status, String retryAfter) {
            super("reply over " + ReplyMapping.MAX_BODY_BYTES + " bytes");
            this.status = status;
            this.retryAfter = retryAfter;
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // a control-flow signal, caught one frame up
        }
    }

    /**
     * No readable reply came. The message names the exception, never the request.
     *
     * <ul>
     *   <li>{@code overloaded}: no pooled connection within {@code lease-timeout}; nothing was sent.</li>
     *   <li>{@code timeout}: the budget ran out (the deadline, connect or read timeout).</li>
     *   <li>{@code bad_response}: the server answered, but not with HTTP we can read: a garbage
     *       status line, a head past {@value #MAX_HEADER_LINES} lines or {@value #MAX_HEADER_LINE}
     *       characters a line, a body cut short of its declared length or chunking.</li>
     *   <li>{@code network_error}: refused, reset, DNS, TLS, or the connection closed before any
     *       reply (a lost reply).</li>
     * </ul>
     */
    private static VerificationResult failure(Exception e, boolean deadlinePassed) {
        String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        // The pool says "no connection in time" two ways: its own exception when the wait times out,
        // or a lease that failed with its deadline passed (under contention, STRICT pool).
        if (e instanceof ConnectionRequestTimeoutException || e.getCause() instanceof DeadlineTimeoutException) {
            return new VerificationResult.Unavailable(VerificationResult.OVERLOADED,
                    "every pooled connection stayed busy for lease-timeout; Playtcha was not called (" + what + ")", null, 0);
        }
        if (deadlinePassed || e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException
                || e instanceof InterruptedIOException) {
            return new VerificationResult.Unavailable(VerificationResult.TIMEOUT,
                    "no reply within the verify budget (" + what + ")", null, 0);
        }
        if (e instanceof ClientProtocolException || e instanceof MessageConstraintException
                || e instanceof MalformedChunkCodingException || e instanceof ConnectionClosedException) {
            return new VerificationResult.Unavailable(VerificationResult.BAD_RESPONSE,
                    "the reply is not valid HTTP (" + what + ")", null, 0);
        }
        return new VerificationResult.Unavailable(VerificationResult.NETWORK_ERROR, what, null, 0);
    }

    private void evict() {
        pool.closeExpired();
        pool.closeIdle(TimeValue.ofSeconds(EVICT_IDLE_SECONDS));
    }

    /** The breaker's phase, or {@code null} when the breaker is off. */
    CircuitBreaker.Phase breakerPhase() {
        return breaker == null ? null : breaker.phase();
    }

    /** The pool's counters: leased connections return to 0 when no verify is in flight. */
    PoolStats poolStats() {
        return pool.getTotalStats();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // The pool first: verifies in flight end now, and the requests that fail open on them are
        // still recorded (and, when durable, journaled for the next start). Then the ledger.
        try {
            closeTransport();
        } finally {
            if (ledger != null) {
                ledger.close();
            }
        }
    }

    private void closeTransport() {
        try {
            client.close(CloseMode.GRACEFUL);
        } finally {
            timer.shutdownNow();
            dns.close();
            try {
                jsonb.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "JSON-B did not close cleanly", e);
            }
        }
    }

    @Override
    public String toString() {
        return "PlaytchaVerifier[" + settings.verifyUrl() + ", maxConnections=" + settings.maxConnections()
                + ", timeout=" + settings.timeout().toMillis() + "ms" + (closed.get() ? ", closed" : "") + "]";
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    private static String libraryVersion() {
        try (InputStream in = HttpPlaytchaVerifier.class.getResourceAsStream("playtcha-jakarta.properties")) {
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
