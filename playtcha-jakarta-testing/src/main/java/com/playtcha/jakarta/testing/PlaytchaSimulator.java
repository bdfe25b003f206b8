package com.playtcha.jakarta.testing;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A stand-in for Playtcha's {@code POST /v1/verify}, running in-process on a loopback port, for
 * tests that must not reach the real service.
 *
 * <p>It keeps state like the real thing: projects with secrets, tokens that are single-use
 * (a second verify answers 409 {@code already_redeemed}) and live for five minutes (then 410
 * {@code token_expired}), a per-IP rate limit (429 with {@code Retry-After}) and a degraded band
 * ({@code "degraded": true} past a quota). Every non-2xx answer is Playtcha's error envelope
 * {@code {"error": {"code", "message", "request_id"}}} with a fresh request id.
 *
 * <pre>{@code
 * try (PlaytchaSimulator playtcha = PlaytchaSimulator.start()) {
 *     String token = playtcha.mintToken();
 *     // point the code under test at playtcha.url() with playtcha.secret(), submit token
 *     assertEquals(1, playtcha.callCount(token));
 * }
 * }</pre>
 *
 * <p>Tokens are not signed: the simulator answers {@code token_invalid} for any token it did not
 * mint. The clock can be moved forward ({@link #advanceTime}) to expire tokens without waiting, and
 * {@link Fault faults} make it slow, hang, reset connections or answer what the real service
 * should not. {@link #calls()} records every request, so a test can assert "no upstream call" or
 * "exactly one call". With JUnit 5, {@link PlaytchaSimulatorExtension} starts and stops it.
 *
 * <p>It is built on Jetty 12's core server rather than the JDK's {@code HttpServer}: Jetty sets
 * {@code TCP_NODELAY} (the JDK server adds 40 ms to small replies unless a JVM-wide property is
 * set), serves more requests per CPU, and hands out the socket, which the reset and raw-response
 * faults need. It uses no Servlet API, so it does not meet the container under test.
 */
public final class PlaytchaSimulator implements AutoCloseable {

    /** The project every simulator starts with; {@link #secret()} is its secret. */
    public static final String DEFAULT_PROJECT = "default";

    private final Server server;
    private final ServerConnector connector;
    private final ScheduledThreadPoolExecutor scheduler;
    private final VerifyService service;
    private final SimulatedProject defaultProject;
    private final ConcurrentLinkedQueue<Fault> onceFaults = new ConcurrentLinkedQueue<>();
    private volatile Fault standingFault;
    private final java.util.Map<String, Fault> tokenFaults = new java.util.concurrent.ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RecordedCall> calls = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> callsPerToken = new ConcurrentHashMap<>();
    private final Object connectionMonitor = new Object();
    private int openConnections;
    private final AtomicLong connectionsOpened = new AtomicLong();

    private PlaytchaSimulator(Builder builder) {
        service = new VerifyService(builder.clock);
        defaultProject = builder.secret == null
                ? service.createProject(DEFAULT_PROJECT)
                : service.createProject(DEFAULT_PROJECT, builder.secret);

        AtomicInteger timerThreads = new AtomicInteger();
        scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "playtcha-simulator-timer-" + timerThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);

        QueuedThreadPool threads = new QueuedThreadPool(builder.maxThreads, 4);
        threads.setName("playtcha-simulator");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(builder.host);
        connector.setPort(builder.port);
        // A burst of new connections must not overflow the listen backlog (a dropped SYN costs the
        // client a 1 s retransmit, which looks like a timeout).
        connector.setAcceptQueueSize(1024);
        connector.addBean(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                connectionsOpened.incrementAndGet();
                synchronized (connectionMonitor) {
                    openConnections++;
                    connectionMonitor.notifyAll();
                }
            }

            @Override
            public void onClosed(Connection connection) {
                synchronized (connectionMonitor) {
                    openConnections--;
                    connectionMonitor.notifyAll();
                }
            }
        });
        server.addConnector(connector);
        server.setHandler(new VerifyEndpoint(service, this::nextFault, this::record, scheduler));
    }

    /** Starts a simulator on an ephemeral port of 127.0.0.1 with the system clock. */
    public static PlaytchaSimulator start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for a simulator; every one has a default that suits a unit test. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private String host = "127.0.0.1";
        private int port;
        private int maxThreads = 256;
        private String secret;

        private Builder() {
        }

        /**
         * The default project's secret (default: a random one per start). For a server that must
         * know the secret before the simulator runs, such as a managed container started with
         * {@code -Dplaytcha.secret=...}; a random secret is the better default everywhere else.
         */
        public Builder secret(String secret) {
            Objects.requireNonNull(secret, "secret");
            if (!secret.matches("[\\x21-\\x7e]{1,256}")) {
                throw new IllegalArgumentException("secret must be 1-256 visible ASCII characters without spaces");
            }
            this.secret = secret;
            return this;
        }

        /** The clock that issues and expires tokens ({@link #advanceTime} moves it further). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The loopback address to bind (default {@code 127.0.0.1}). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to bind; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** The most server threads (default 256): the most calls answered at once. */
        public Builder maxThreads(int maxThreads) {
            if (maxThreads < 8) {
                throw new IllegalArgumentException("maxThreads must be at least 8: " + maxThreads);
            }
            this.maxThreads = maxThreads;
            return this;
        }

        public PlaytchaSimulator start() {
            PlaytchaSimulator simulator = new PlaytchaSimulator(this);
            try {
                simulator.server.start();
            } catch (Exception e) {
                simulator.close();
                throw new IllegalStateException("Playtcha simulator did not start on " + host + ":" + port, e);
            }
            return simulator;
        }
    }

    /** The base URL, like {@code http://127.0.0.1:41234}: what a client's {@code api-url} is set to. */
    public URI url() {
        return URI.create("http://" + hostForUrl() + ":" + connector.getLocalPort());
    }

    /** {@code url()} + {@code /v1/verify}. */
    public URI verifyUrl() {
        return url().resolve(VerifyEndpoint.PATH);
    }

    private String hostForUrl() {
        String host = connector.getHost();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** The port it listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The default project. */
    public SimulatedProject defaultProject() {
        return defaultProject;
    }

    /** The default project's secret. */
    public String secret() {
        return defaultProject.secret();
    }

    /** A new project with a fresh secret. */
    public SimulatedProject createProject(String id) {
        return service.createProject(id);
    }

    /** Deletes a project: its tokens then answer 404 {@code unknown_project}. */
    public void deleteProject(SimulatedProject project) {
        service.deleteProject(project);
    }

    /** A fresh token of the default project. */
    public String mintToken() {
        return mintToken(defaultProject);
    }

    /** A fresh token of {@code project}. */
    public String mintToken(SimulatedProject project) {
        return service.mint(project, Duration.ZERO, false);
    }

    /** A token of the default project issued {@code age} ago (five minutes or more: expired). */
    public String mintToken(Duration age) {
        return service.mint(defaultProject, age, false);
    }

    /** A token of the default project whose five minutes are over: verify answers 410. */
    public String mintExpiredToken() {
        return service.mint(defaultProject, VerifyService.TOKEN_TTL.plusSeconds(1), false);
    }

    /** A token of the default project that was already redeemed: verify answers 409. */
    public String mintRedeemedToken() {
        return service.mint(defaultProject, Duration.ZERO, true);
    }

    /** The simulator's clock now. */
    public Instant now() {
        return service.now();
    }

    /** Moves the simulator's clock forward, for example past a token's five minutes. */
    public void advanceTime(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward: " + by);
        }
        service.advance(by);
    }

    /**
     * Answers 429 {@code rate_limited_ip} with {@code Retry-After} (whole seconds to the end of the
     * window) to an IP address past {@code perWindow} calls in a fixed window. 0 turns it off.
     */
    public void rateLimit(int perWindow, Duration window) {
        if (perWindow > 0 && (window == null || window.toMillis() <= 0)) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        service.rateLimit(perWindow, window);
    }

    /** Successful verifies past the first {@code verifies} answer {@code "degraded": true}; -1 turns it off. */
    public void degradedAfter(long verifies) {
        service.degradedAfter(verifies);
    }

    /** Applies {@code fault} to every call until {@link #clearFaults()}; one-shot faults go first. */
    public void inject(Fault fault) {
        standingFault = Objects.requireNonNull(fault, "fault");
    }

    /** Applies {@code fault} to the next call only; several queue up in order. */
    public void injectOnce(Fault fault) {
        onceFaults.add(Objects.requireNonNull(fault, "fault"));
    }

    /**
     * Applies {@code fault} to every call that carries {@code token}, until {@link #clearFaults()}:
     * a poison token that Playtcha keeps failing on while it answers every other token. Queued
     * one-shot faults still go first; a token's fault goes before the standing one.
     */
    public void injectFor(String token, Fault fault) {
        tokenFaults.put(Objects.requireNonNull(token, "token"), Objects.requireNonNull(fault, "fault"));
    }

    /** Removes standing, per-token and queued faults. */
    public void clearFaults() {
        standingFault = null;
        tokenFaults.clear();
        onceFaults.clear();
    }

    private Fault nextFault(String token) {
        Fault once = onceFaults.poll();
        if (once != null) {
            return once;
        }
        Fault forToken = token == null ? null : tokenFaults.get(token);
        return forToken != null ? forToken : standingFault;
    }

    private final Object callMonitor = new Object();

    private void record(RecordedCall call) {
        calls.add(call);
        if (call.token() != null) {
            callsPerToken.computeIfAbsent(call.token(), t -> new AtomicInteger()).incrementAndGet();
        }
        synchronized (callMonitor) {
            callMonitor.notifyAll();
        }
    }

    /**
     * Waits until at least {@code count} verify calls carried {@code token} (recorded once the
     * simulator has read the request, before any fault applies), for example to act while a post is
     * in flight. Returns whether that happened within {@code timeout}.
     */
    public boolean awaitCallCount(String token, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (callMonitor) {
            while (callCount(token) < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(callMonitor, left);
            }
            return true;
        }
    }

    /** Every verify call so far, in arrival order. */
    public List<RecordedCall> calls() {
        return List.copyOf(new ArrayList<>(calls));
    }

    /** How many verify calls arrived. */
    public int callCount() {
        return calls.size();
    }

    /** How many verify calls carried {@code token}. */
    public int callCount(String token) {
        AtomicInteger count = callsPerToken.get(token);
        return count == null ? 0 : count.get();
    }

    /** TCP connections open now. */
    public int openConnections() {
        synchronized (connectionMonitor) {
            return openConnections;
        }
    }

    /** TCP connections accepted since start. */
    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    /**
     * Waits until at most {@code count} connections are open, for example after a client closed its
     * pool. Returns whether that happened within {@code timeout}.
     */
    public boolean awaitOpenConnectionsAtMost(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (connectionMonitor) {
            while (openConnections > count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(connectionMonitor, left);
            }
            return true;
        }
    }

    /**
     * Back to a fresh start, keeping the port and the default project's secret: forgets tokens,
     * other projects, recorded calls, faults, the rate limit, the degraded band and the clock offset.
     */
    public void reset() {
        clearFaults();
        service.reset(defaultProject);
        calls.clear();
        callsPerToken.clear();
    }

    /** Stops the server and closes every connection, hung ones included. Idempotent. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Playtcha simulator did not stop cleanly", e);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "PlaytchaSimulator[" + (server.isStarted() ? url() : "stopped") + "]";
    }

    /**
     * Runs a simulator until the JVM is stopped, printing its URL, secret and a few tokens: for
     * trying a client by hand. {@code --port N} picks the port.
     */
    public static void main(String[] args) throws InterruptedException {
        Builder builder = builder();
        for (int i = 0; i < args.length; i++) {
            if ("--port".equals(args[i]) && i + 1 < args.length) {
                builder.port(Integer.parseInt(args[++i]));
            } else {
                System.err.println("usage: PlaytchaSimulator [--port N]");
                System.exit(2);
            }
        }
        PlaytchaSimulator simulator = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "playtcha-simulator-shutdown"));
        System.out.println("Playtcha simulator: " + simulator.verifyUrl());
        System.out.println("secret:  " + simulator.secret());
        System.out.println("token:   " + simulator.mintToken());
        System.out.println("expired: " + simulator.mintExpiredToken());
        System.out.println("used:    " + simulator.mintRedeemedToken());
        System.out.println("Ctrl-C stops it.");
        stopped.await();
    }
}
