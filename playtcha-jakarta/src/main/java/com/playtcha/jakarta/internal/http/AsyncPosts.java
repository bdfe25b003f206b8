package com.playtcha.jakarta.internal.http;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The transport's non-blocking posts: one pooled HttpClient 5 async client (its own pool of
 * {@code max-connections}, its own I/O threads {@code <transport>-io-N}), made by {@link HttpTransport} at
 * the first non-blocking post. A post never waits on its caller's thread: at most {@code max-connections}
 * are in flight (the bulkhead), and one past them is {@code overloaded} at once; the name it connects to is
 * looked up beforehand on the lookup threads ({@link KnownNames}); the reply is read as it arrives
 * ({@link AsyncReply}), and the one deadline over the whole post ({@link Deadlines}) cancels it at
 * {@code timeout}. What a post answers is what the blocking post answers for the same exchange: the same
 * request body, route ({@link Egress}), limits and mappings. The stage completes on an I/O thread.
 */
final class AsyncPosts implements AutoCloseable {

    /** A post past the bulkhead: nothing was sent. */
    static final VerificationResult.Unavailable AT_CAP = VerificationResult.Unavailable.unanswered(
            VerificationResult.Source.POOL, VerificationResult.OVERLOADED, "max-connections verifies were already in flight "
                    + "on the non-blocking path (our own load, not Playtcha's); Playtcha was not called");

    private final PoolingAsyncClientConnectionManager pool;
    private final CloseableHttpAsyncClient client;
    private final KnownNames names;
    private final Deadlines deadlines;
    private final Semaphore inFlight;
    private final Duration budget;
    private final URI verifyUrl;
    private final HttpHost target;
    /** {@code null} when {@code playtcha.proxy.*} sends every post through ours. */
    private final JvmProxyRoute jvmRoute;
    private final HttpHost proxy;
    private final RequestBody requestBody;
    private final ReplyMapping mapping;

    /** Starts the client and its I/O threads. */
    AsyncPosts(Parts parts) {
        PlaytchaSettings settings = parts.settings();
        this.names = new KnownNames(parts.dns(), parts.deadlines());
        this.deadlines = parts.deadlines();
        this.requestBody = parts.requestBody();
        this.mapping = parts.mapping();
        this.verifyUrl = settings.verifyUrl();
        this.target = HttpHost.create(verifyUrl);
        this.budget = settings.timeout();
        this.inFlight = new Semaphore(settings.maxConnections());
        Duration exchange = settings.timeout().minus(settings.leaseTimeout());
        pool = pool(settings, names, Timeout.of(exchange));
        HttpRoutePlanner routes = Egress.routePlanner(settings.proxy());
        jvmRoute = routes instanceof JvmProxyRoute jvm ? jvm : null;
        proxy = settings.proxy().configured() ? new HttpHost("http", settings.proxy().host(), settings.proxy().port()) : null;
        HttpAsyncClientBuilder builder = HttpAsyncClients.custom();
        noCompression(builder);
        client = builder
                .setConnectionManager(pool)
                .setIOReactorConfig(IOReactorConfig.custom().setTcpNoDelay(true).setSoTimeout(Timeout.of(exchange)).build())
                .setThreadFactory(HttpTransport.daemonThreads(parts.threadName() + "-io-"))
                .setHttp1Config(ConnectionPool.REPLY_LIMITS)
                .setRoutePlanner(routes)
                .setDefaultCredentialsProvider(Egress.credentials(settings.proxy()))
                .addExecInterceptorAfter(ChainElement.CONNECT.name(), "playtcha-reached", Egress.reachedServerAsync())
                .setDefaultRequestConfig(parts.live())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .setUserAgent(HttpTransport.USER_AGENT)
                .build();
        client.start();
    }

    /** What the blocking side made already and shares: the timer, the lookups, the body, the reply's mapping, a live post's config. */
    record Parts(PlaytchaSettings settings, String threadName, Deadlines deadlines, BoundedDnsResolver dns, RequestBody requestBody,
            ReplyMapping mapping, RequestConfig live) {
    }

    private static PoolingAsyncClientConnectionManager pool(PlaytchaSettings settings, KnownNames names, Timeout exchange) {
        return PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX) // lock-free; the bulkhead above keeps the count
                .setDnsResolver(names)
                .setTlsStrategy(Egress.tls(settings.trustStore()))
                // HTTP/1.1 only: the framing rules above are HTTP/1.1's, and one verify is one small exchange.
                .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                .setDefaultConnectionConfig(ConnectionPool.connections(settings, exchange))
                .build();
    }

    /**
     * HttpClient 5.6 asks for compressed replies unless told not to, as the blocking client is; 5.4 and 5.5 (what
     * Spring Boot manages) neither compress nor have the switch. Looked up by name, so that the library still
     * compiles against the oldest HttpClient 5 it supports (.ci/httpclient5-oldest).
     */
    private static void noCompression(HttpAsyncClientBuilder builder) {
        try {
            HttpAsyncClientBuilder.class.getMethod("disableContentCompression").invoke(builder);
        } catch (NoSuchMethodException older) {
            // nothing to disable
        } catch (ReflectiveOperationException unexpected) {
            throw new IllegalStateException("HttpClient's disableContentCompression() could not be called", unexpected);
        }
    }

    /**
     * Posts one token that passed the local checks; completes within {@code timeout} on an I/O thread (or at
     * once: past the bulkhead, {@link #AT_CAP}), never exceptionally for anything Playtcha or the network does.
     */
    CompletableFuture<VerificationResult> post(String token) {
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.completedFuture(AT_CAP);
        }
        long began = System.nanoTime();
        Answer answer = new Answer();
        try {
            HttpHost hop = proxy != null ? proxy : jvmRoute.firstHop(target);
            boolean straight = proxy == null && hop == target;
            names.ready(hop.getHostName()).whenComplete((ready, lookupFailed) -> {
                if (lookupFailed != null) {
                    answer(answer, failed(lookupFailed, false));
                } else {
                    exchange(token, straight, began, answer);
                }
            });
        } catch (RuntimeException | Error e) {
            inFlight.release();
            throw e;
        }
        return answer;
    }

    /** One post's answer, ended once. */
    private static final class Answer extends CompletableFuture<VerificationResult> {
        private final AtomicBoolean ended = new AtomicBoolean();
    }

    /** Ends a post, once: its place in the bulkhead is free before anything that waits for its answer runs. */
    private void answer(Answer answer, VerificationResult result) {
        if (answer.ended.compareAndSet(false, true)) {
            inFlight.release();
            answer.complete(result);
        }
    }

    private void exchange(String token, boolean straight, long began, Answer answer) {
        AsyncRequestProducer request = AsyncRequestBuilder.post(verifyUrl)
                .setEntity(AsyncEntityProducers.create(requestBody.with(token), ContentType.APPLICATION_JSON))
                .addHeader(HttpTransport.ACCEPT_JSON)
                .build();
        Egress.PostContext context = new Egress.PostContext();
        Cancel cancel = new Cancel(answer);
        Deadlines.Watch deadline = deadlines.watch(cancel, budget.minusNanos(System.nanoTime() - began));
        try {
            cancel.set(client.execute(request, new AsyncReply(), null, context, new FutureCallback<ReplyReader.RawReply>() {
                @Override
                public void completed(ReplyReader.RawReply reply) {
                    deadline.end();
                    answer(answer, !straight && !context.reachedServer() || reply.status() == FailureMapping.PROXY_AUTHENTICATION_REQUIRED
                            ? FailureMapping.proxyRefused(reply.status()) : mapped(reply));
                }

                @Override
                public void failed(Exception e) {
                    boolean passed = deadline.end();
                    answer(answer, e instanceof ReplyReader.OversizedReply oversized ? mapped(oversized.reply())
                            : AsyncPosts.failed(e, passed));
                }

                @Override
                public void cancelled() {
                    if (!cancel.cut()) { // the client closed under the post; a cut post is answered by its deadline
                        failed(new java.util.concurrent.CancellationException("the post was cancelled"));
                    }
                }
            }));
        } catch (RuntimeException e) { // the client's own state (closed under us): nothing was sent
            answer(answer, failed(e, deadline.end()));
        }
    }

    private VerificationResult mapped(ReplyReader.RawReply reply) {
        return mapping.map(reply.status(), reply.retryAfter(), reply.body());
    }

    private static VerificationResult failed(Throwable e, boolean deadlinePassed) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return FailureMapping.map(cause instanceof Exception exception ? exception : new IllegalStateException(cause), deadlinePassed);
    }

    /**
     * The deadline's hold on a post that may not have started yet (a cancel before {@link #set} reaches it there),
     * and the cut post's answer. HttpClient tells a cancelled post's callback before it lets the post's connection go
     * back to the pool, so the answer waits until the cancel has run through the client: whatever the caller does
     * next (a post on the pool's only connection, say) finds the connection back. That holds for an exchange under way;
     * a post cut while its connection is still being made leaves that connection to the pool when the connect ends, on
     * the client's I/O thread, so a post right after may wait for it, within its own {@code lease-timeout}.
     */
    private final class Cancel implements Cancellable {
        private final Answer answer;
        private Future<?> post;
        private boolean cancelled;

        Cancel(Answer answer) {
            this.answer = answer;
        }

        void set(Future<?> started) {
            boolean now;
            synchronized (this) {
                post = started;
                now = cancelled;
            }
            if (now) {
                started.cancel(true);
                timedOut();
            }
        }

        /** Whether the deadline cut the post: then this answers it, not the callback. */
        synchronized boolean cut() {
            return cancelled;
        }

        @Override
        public boolean cancel() {
            Future<?> started;
            synchronized (this) {
                cancelled = true;
                started = post;
            }
            if (started == null) {
                return true; // set() cancels it and answers
            }
            boolean done = started.cancel(true);
            timedOut();
            return done;
        }

        private void timedOut() {
            answer(answer, failed(new java.util.concurrent.CancellationException("the post's deadline passed"), true));
        }
    }

    /** Connections the pool has leased now. */
    int leased() {
        return pool.getTotalStats().getLeased();
    }

    /** The pool's housekeeping, on the transport's timer. */
    void evict() {
        pool.closeExpired();
        pool.closeIdle(TimeValue.ofSeconds(ConnectionPool.EVICT_IDLE_SECONDS));
    }

    /** Closes the client: posts in flight end now, their stages with them. Idempotent. */
    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
