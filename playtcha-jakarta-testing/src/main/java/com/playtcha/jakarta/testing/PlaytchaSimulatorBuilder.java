package com.playtcha.jakarta.testing;

import java.time.Clock;
import java.util.Objects;

/**
 * Options for a {@link PlaytchaSimulator}, from {@link PlaytchaSimulator#builder()}; every one has a
 * default that suits a unit test.
 *
 * <pre>{@code
 * PlaytchaSimulator playtcha = PlaytchaSimulator.builder().clock(fixedClock).port(8099).start();
 * }</pre>
 */
public final class PlaytchaSimulatorBuilder {

    private Clock clock = Clock.systemUTC();
    private String host = "127.0.0.1";
    private int port;
    private int maxThreads = 256;
    private String secret;

    PlaytchaSimulatorBuilder() {
    }

    /**
     * The default project's secret (default: a random one per start). For a server that must
     * know the secret before the simulator runs, such as a managed container started with
     * {@code -Dplaytcha.secret=...}; a random secret is the better default everywhere else.
     */
    public PlaytchaSimulatorBuilder secret(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (!secret.matches("[\\x21-\\x7e]{1,256}")) {
            throw new IllegalArgumentException("secret must be 1-256 visible ASCII characters without spaces");
        }
        this.secret = secret;
        return this;
    }

    /** The clock that issues and expires tokens ({@link PlaytchaSimulator#advanceTime} moves it further). */
    public PlaytchaSimulatorBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** The loopback address to bind (default {@code 127.0.0.1}). */
    public PlaytchaSimulatorBuilder host(String host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    /** The port to bind; 0 (the default) picks a free one. */
    public PlaytchaSimulatorBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        this.port = port;
        return this;
    }

    /** The most server threads (default 256): the most calls answered at once. */
    public PlaytchaSimulatorBuilder maxThreads(int maxThreads) {
        if (maxThreads < 8) {
            throw new IllegalArgumentException("maxThreads must be at least 8: " + maxThreads);
        }
        this.maxThreads = maxThreads;
        return this;
    }

    /** Starts a simulator with these options; throws {@link IllegalStateException} if it cannot listen. */
    public PlaytchaSimulator start() {
        return new PlaytchaSimulator(clock, secret, host, port, maxThreads);
    }
}
