package com.playtcha.jakarta.core;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.time.Duration;

/**
 * The tests' one place for settings that depend on how fast the machine is: the verify budgets and
 * the cluster's wait. A test that is not about time takes {@link #against} (or {@link #PATIENT}) and
 * passes beside four busy loops on two cores; a test whose point is a timeout (a hung Playtcha, a
 * drip, a full pool) takes {@link #SHORT} and asserts only what a slow machine cannot change (the
 * code is {@code timeout}; the wait ended within the budget plus {@link #SLACK}). What a test waits for
 * (an answer, an event, a thread) it waits for at most {@link #WAIT}.
 *
 * <pre>{@code
 * PlaytchaSettings settings = TestSettings.against(sim).loginAfterFailures(true).build();
 * }</pre>
 *
 * Measured on a fresh clone at load 15-27 on two cores: the first verify of a new JVM took over
 * 1.5 s (class loading, JIT, the simulator's own first request), and a warm one sometimes did too.
 */
public final class TestSettings {

    /**
     * The verify budget of a test that is not about time: long enough that no loaded machine turns
     * a valid token into {@code timeout}, and never waited out, since nothing in such a test hangs.
     */
    public static final Duration PATIENT = Duration.ofSeconds(30);

    /**
     * The verify budget of a test that waits for a timeout on purpose (the hang and drip rows): short,
     * so those tests are quick. Only rows that are meant to time out run under it.
     */
    public static final Duration SHORT = Duration.ofMillis(1500);

    /**
     * How far past its budget a bounded wait may end and still count as bounded: a loaded machine
     * deschedules a thread for seconds, while an unbounded wait (HttpClient's own) is minutes.
     */
    public static final Duration SLACK = Duration.ofSeconds(10);

    /**
     * The longest a test waits for what will come (an answer, the ledger's re-verification, a thread's end):
     * the {@link #PATIENT} budget and the {@link #SLACK}. Never waited out but by a test that fails.
     */
    public static final Duration WAIT = PATIENT.plus(SLACK);

    private TestSettings() {
    }

    /** Settings pointing at the simulator, with the {@link #PATIENT} budget; the test adds what it is about. */
    public static PlaytchaSettings.Builder against(PlaytchaSimulator sim) {
        return PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(PATIENT);
    }
}
