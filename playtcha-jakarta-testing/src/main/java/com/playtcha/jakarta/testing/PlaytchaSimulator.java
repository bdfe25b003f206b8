package com.playtcha.jakarta.testing;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
 * "exactly one call". With JUnit 5, {@link PlaytchaSimulatorExtension} starts and stops it. It is
 * built on Jetty 12's core server, without the Servlet API, so it does not meet the container under
 * test.
 */
public final class PlaytchaSimulator implements AutoCloseable {

    /** The project every simulator starts with; {@link #secret()} is its secret. */
    public static final String DEFAULT_PROJECT = "default";

    private final VerifyService service;
    private final SimulatedProject defaultProject;
    private final FaultQueue faults = new FaultQueue();
    private final CallLog calls = new CallLog();
    private final SimulatorServer server;

    /** Starts one: what {@link PlaytchaSimulatorBuilder#start()} does. */
    PlaytchaSimulator(Clock clock, String secret, String host, int port, int maxThreads) {
        service = new VerifyService(clock);
        defaultProject = secret == null
                ? service.createProject(DEFAULT_PROJECT)
                : service.createProject(DEFAULT_PROJECT, secret);
        server = new SimulatorServer(host, port, maxThreads,
                scheduler -> new VerifyEndpoint(service, faults::next, calls::record, scheduler));
        server.start();
    }

    /** Starts a simulator on an ephemeral port of 127.0.0.1 with the system clock. */
    public static PlaytchaSimulator start() {
        return builder().start();
    }

    public static PlaytchaSimulatorBuilder builder() {
        return new PlaytchaSimulatorBuilder();
    }

    /** The base URL, like {@code http://127.0.0.1:41234}: what a client's {@code api-url} is set to. */
    public URI url() {
        return server.url();
    }

    /** {@code url()} + {@code /v1/verify}. */
    public URI verifyUrl() {
        return url().resolve(VerifyEndpoint.PATH);
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
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
        faults.standing(fault);
    }

    /** Applies {@code fault} to the next call only; several queue up in order. */
    public void injectOnce(Fault fault) {
        faults.once(fault);
    }

    /**
     * Applies {@code fault} to every call that carries {@code token}, until {@link #clearFaults()}:
     * a poison token that Playtcha keeps failing on while it answers every other token. Queued
     * one-shot faults still go first; a token's fault goes before the standing one.
     */
    public void injectFor(String token, Fault fault) {
        faults.forToken(token, fault);
    }

    /** Removes standing, per-token and queued faults. */
    public void clearFaults() {
        faults.clear();
    }

    /**
     * Waits until at least {@code count} verify calls carried {@code token} (recorded once the
     * simulator has read the request, before any fault applies), for example to act while a post is
     * in flight. Returns whether that happened within {@code timeout}.
     */
    public boolean awaitCallCount(String token, int count, Duration timeout) throws InterruptedException {
        return calls.awaitCount(token, count, timeout);
    }

    /** Every verify call so far, in arrival order. */
    public List<RecordedCall> calls() {
        return calls.all();
    }

    /** How many verify calls arrived. */
    public int callCount() {
        return calls.count();
    }

    /** How many verify calls carried {@code token}. */
    public int callCount(String token) {
        return calls.count(token);
    }

    /** TCP connections open now. */
    public int openConnections() {
        return server.connections().open();
    }

    /** TCP connections accepted since start. */
    public long connectionsOpened() {
        return server.connections().opened();
    }

    /**
     * Waits until at most {@code count} connections are open, for example after a client closed its
     * pool. Returns whether that happened within {@code timeout}.
     */
    public boolean awaitOpenConnectionsAtMost(int count, Duration timeout) throws InterruptedException {
        return server.connections().awaitOpenAtMost(count, timeout);
    }

    /**
     * Back to a fresh start, keeping the port and the default project's secret: forgets tokens,
     * other projects, recorded calls, faults, the rate limit, the degraded band and the clock offset.
     */
    public void reset() {
        faults.clear();
        service.reset(defaultProject);
        calls.clear();
    }

    /** Stops the server and closes every connection, hung ones included. Idempotent. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "PlaytchaSimulator[" + (server.isStarted() ? url() : "stopped") + "]";
    }

    /**
     * Runs a simulator and a token page until Ctrl-C, for trying an application by hand; it prints
     * {@code PLAYTCHA_API_URL=...} and {@code PLAYTCHA_SECRET=...} first. {@code --help} lists the options.
     */
    public static void main(String[] args) throws InterruptedException {
        SimulatorMain.run(args);
    }
}
