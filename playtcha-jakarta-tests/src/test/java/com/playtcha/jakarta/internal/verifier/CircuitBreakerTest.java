package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.BreakerState;
import com.playtcha.jakarta.core.VerifierStatus;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.internal.verifier.CircuitBreaker.Permit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The breaker's state machine on a fake clock: every transition, what counts, and its log lines. */
class CircuitBreakerTest {

    private static final Duration COOL_DOWN = Duration.ofSeconds(10);

    static final VerificationResult VERIFIED = new VerificationResult.Verified(false, "req_1");
    static final VerificationResult DOWN = VerificationResult.Unavailable.byPlaytcha("db_error", "m", "req_2", 500);
    static final VerificationResult TIMED_OUT = VerificationResult.Unavailable.unanswered(VerificationResult.Source.NETWORK, VerificationResult.TIMEOUT, "m");

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LogCapture capture = new LogCapture();
    private final Logger logger = Logger.getLogger(CircuitBreaker.LOGGER_NAME);

    @BeforeEach
    void capture() {
        logger.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
        logger.setLevel(null);
    }

    private CircuitBreaker breaker(int failures, int probes) {
        return new CircuitBreaker(new PlaytchaSettings.Breaker(true, failures, COOL_DOWN, probes), ManualClock.reading(now::get));
    }

    private void pass(Duration time) {
        now.addAndGet(time.toNanos());
    }

    /** One call through the breaker that finds {@code result}; false when the breaker refused it. */
    private static boolean call(CircuitBreaker breaker, VerificationResult result) {
        Permit permit = breaker.acquire();
        if (permit == null) {
            return false;
        }
        breaker.record(permit, result);
        return true;
    }

    /** The phase a status page shows now. */
    private static BreakerState phase(CircuitBreaker breaker) {
        return breaker.status(VerifierStatus.builder(), Instant.now()).build().breaker();
    }

    private static void open(CircuitBreaker breaker, int failures) {
        for (int i = 0; i < failures; i++) {
            assertTrue(call(breaker, DOWN));
        }
        assertEquals(BreakerState.OPEN, phase(breaker));
    }

    @Test
    void closed_opensAfterTheConfiguredUnavailableResultsInARow() {
        CircuitBreaker breaker = breaker(3, 1);

        call(breaker, DOWN);
        call(breaker, TIMED_OUT);
        assertEquals(BreakerState.CLOSED, phase(breaker));
        call(breaker, DOWN);

        assertEquals(BreakerState.OPEN, phase(breaker));
        assertNull(breaker.acquire(), "open: no call goes through");
        List<String> warnings = capture.lines(Level.WARNING);
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("circuit breaker open") && warnings.get(0).contains("cause=db_error"), warnings::toString);
    }

    @Test
    void aVerdictInBetween_startsTheCountAgain() {
        CircuitBreaker breaker = breaker(3, 1);

        call(breaker, DOWN);
        call(breaker, DOWN);
        call(breaker, VERIFIED);
        call(breaker, DOWN);
        call(breaker, DOWN);

        assertEquals(BreakerState.CLOSED, phase(breaker));
    }

    @Test
    void rejections_arePlaytchaWorking_andNeverOpenIt() {
        CircuitBreaker breaker = breaker(1, 1);
        List<VerificationResult> rejections = List.of(
                VerificationResult.Rejected.byPlaytcha("token_invalid", "m", "r", 401, null),
                VerificationResult.Rejected.byPlaytcha("bad_secret", "m", "r", 401, null),
                VerificationResult.Rejected.byPlaytcha("already_redeemed", "m", "r", 409, null),
                VerificationResult.Rejected.byPlaytcha("token_expired", "m", "r", 410, null),
                VerificationResult.Rejected.byPlaytcha("rate_limited_ip", "m", "r", 429, Duration.ofSeconds(5)),
                VerificationResult.Rejected.byPlaytcha("unsuccessful", "m", "r", 200, null));

        for (int i = 0; i < 100; i++) {
            assertTrue(call(breaker, rejections.get(i % rejections.size())));
        }

        assertEquals(BreakerState.CLOSED, phase(breaker));
        assertTrue(capture.records.isEmpty(), () -> capture.everything());
    }

    @Test
    void open_refusesUntilTheCoolDownIsOver_thenHalfOpenLetsTheProbesThrough() {
        CircuitBreaker breaker = breaker(2, 2);
        open(breaker, 2);

        pass(COOL_DOWN.minusMillis(1));
        assertNull(breaker.acquire());
        pass(Duration.ofMillis(1));

        Permit first = breaker.acquire();
        Permit second = breaker.acquire();
        assertEquals(BreakerState.HALF_OPEN, phase(breaker));
        assertTrue(first.probe() && second.probe());
        assertNull(breaker.acquire(), "a third caller while two probes are out");
        assertEquals(1, capture.lines(Level.INFO).stream().filter(l -> l.contains("half-open")).count(), capture::everything);
    }

    @Test
    void halfOpen_probeWithAVerdict_closesIt() {
        CircuitBreaker breaker = breaker(1, 1);
        open(breaker, 1);
        pass(COOL_DOWN);

        Permit probe = breaker.acquire();
        breaker.record(probe, VerificationResult.Rejected.byPlaytcha("token_invalid", "m", "r", 401, null));

        assertEquals(BreakerState.CLOSED, phase(breaker));
        assertNotNull(breaker.acquire());
        assertEquals(1, capture.lines(Level.INFO).stream().filter(l -> l.contains("circuit breaker closed")).count(),
                capture::everything);
    }

    @Test
    void halfOpen_failedProbe_opensItForAnotherCoolDown() {
        CircuitBreaker breaker = breaker(1, 1);
        open(breaker, 1);
        pass(COOL_DOWN);

        breaker.record(breaker.acquire(), TIMED_OUT);

        assertEquals(BreakerState.OPEN, phase(breaker));
        pass(COOL_DOWN.minusMillis(1));
        assertNull(breaker.acquire(), "the cool-down starts again at the failed probe");
        pass(Duration.ofMillis(1));
        assertNotNull(breaker.acquire());
        List<String> warnings = capture.lines(Level.WARNING);
        assertEquals(2, warnings.size(), warnings::toString);
        assertTrue(warnings.get(1).contains("failed probe") && warnings.get(1).contains("cause=timeout"), warnings::toString);
    }

    @Test
    void aResultFromBeforeTheBreakerOpened_changesNothingLater() {
        CircuitBreaker breaker = breaker(1, 1);
        Permit slow = breaker.acquire(); // a verify still in flight while others fail
        open(breaker, 1);
        pass(COOL_DOWN);
        Permit probe = breaker.acquire();

        breaker.record(slow, VERIFIED);

        assertEquals(BreakerState.HALF_OPEN, phase(breaker), "only the probe decides");
        breaker.record(probe, DOWN);
        assertEquals(BreakerState.OPEN, phase(breaker));
    }

    @Test
    void aReleasedProbe_freesItsPlace() {
        CircuitBreaker breaker = breaker(1, 1);
        open(breaker, 1);
        pass(COOL_DOWN);
        Permit probe = breaker.acquire();
        assertNull(breaker.acquire());

        breaker.release(probe);

        assertNotNull(breaker.acquire());
    }

    @Test
    void manyThreads_onAnOpenBreaker_areAllRefused_andAfterTheCoolDownExactlyTheProbesPass() throws Exception {
        CircuitBreaker breaker = breaker(1, 3);
        open(breaker, 1);
        int threads = 32;
        int calls = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            assertEquals(0, hammer(pool, breaker, threads, calls), "permits while open");

            pass(COOL_DOWN);
            assertEquals(3, hammer(pool, breaker, threads, calls), "permits while half-open, no probe answered");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, capture.lines(Level.INFO).stream().filter(l -> l.contains("half-open")).count(), capture::everything);
    }

    /** Every thread asks {@code calls} times at once; returns how many permits were handed out. */
    private static int hammer(ExecutorService pool, CircuitBreaker breaker, int threads, int calls) throws Exception {
        AtomicInteger permits = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < calls; i++) {
                    if (breaker.acquire() != null) {
                        permits.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        return permits.get();
    }

    @Test
    void turnedOff_neverOpens_letsEveryPostThrough_andCountsNothing() {
        CircuitBreaker breaker = new CircuitBreaker(new PlaytchaSettings.Breaker(false, 1, COOL_DOWN, 1), ManualClock.reading(now::get));
        AtomicInteger posts = new AtomicInteger();

        for (int i = 0; i < 20; i++) {
            assertEquals(DOWN, breaker.call(() -> {
                posts.incrementAndGet();
                return DOWN;
            }));
            assertFalse(breaker.coolingDown(), "background work is never held off");
        }

        assertEquals(20, posts.get());
        assertEquals(BreakerState.OFF, phase(breaker));
        pass(Duration.ofMinutes(1));
        assertEquals(VerifierStatus.builder().breaker(BreakerState.OFF, null).consecutiveFailures(0).breakerTransitions(0, 0).build(),
                breaker.status(VerifierStatus.builder(), Instant.now()).build());
        assertEquals("", capture.everything(), "no phase change to log");
    }

    @Test
    void concurrentFailures_openItOnce_andLogItOnce() throws Exception {
        CircuitBreaker breaker = breaker(5, 1);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 100; i++) {
                        call(breaker, DOWN);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(BreakerState.OPEN, phase(breaker));
        assertEquals(1, capture.lines(Level.WARNING).size(), capture::everything);
        assertFalse(capture.everything().contains("closed:"));
    }
}
