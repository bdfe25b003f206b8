package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.SimulatorClient.Answer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The per-IP throttle: 429 {@code rate_limited_ip} with {@code Retry-After} in whole seconds, on the simulator's clock. */
@ExtendWith(PlaytchaSimulatorExtension.class)
class RateLimitTest {

    private final PlaytchaSimulator simulator;
    private final SimulatorClient client;

    /** One simulator per class; the extension resets it before each test. */
    RateLimitTest(PlaytchaSimulator simulator) {
        this.simulator = simulator;
        this.client = new SimulatorClient(simulator);
    }

    @Test
    void thirdVerify_inAWindowOfTwo_answers429RateLimitedIp_withRetryAfterInWholeSeconds() throws Exception {
        simulator.rateLimit(2, Duration.ofMinutes(1));
        client.verify(simulator.mintToken()).assertSuccess(false);
        client.verify(simulator.mintToken()).assertSuccess(false);

        Answer limited = client.verify(simulator.mintToken());

        limited.assertError(429, "rate_limited_ip");
        long retryAfter = retryAfterSeconds(limited);
        assertTrue(retryAfter >= 1 && retryAfter <= 60, () -> "Retry-After " + retryAfter);
    }

    @Test
    void errorsCountAgainstTheLimitToo() throws Exception {
        simulator.rateLimit(2, Duration.ofMinutes(1));
        client.verify("garbage").assertError(401, "token_invalid");
        client.postJson("not json").assertError(400, "invalid_request");

        client.verify(simulator.mintToken()).assertError(429, "rate_limited_ip");
    }

    @Test
    void rateLimitedVerify_leavesTheTokenUnredeemed() throws Exception {
        simulator.rateLimit(1, Duration.ofMinutes(1));
        client.verify(simulator.mintToken()).assertSuccess(false);
        String token = simulator.mintToken();
        client.verify(token).assertError(429, "rate_limited_ip");

        simulator.advanceTime(Duration.ofMinutes(1));

        client.verify(token).assertSuccess(false);
    }

    @Test
    void advancingTheClockPastTheWindow_letsCallsThroughAgain() throws Exception {
        simulator.rateLimit(2, Duration.ofMinutes(1));
        for (int i = 0; i < 2; i++) {
            client.verify(simulator.mintToken()).assertSuccess(false);
        }
        client.verify(simulator.mintToken()).assertError(429, "rate_limited_ip");

        simulator.advanceTime(Duration.ofSeconds(61));

        client.verify(simulator.mintToken()).assertSuccess(false);
        client.verify(simulator.mintToken()).assertSuccess(false);
        client.verify(simulator.mintToken()).assertError(429, "rate_limited_ip");
    }

    @Test
    void retryAfter_countsDownWithTheSimulatorClock() throws Exception {
        PlaytchaSimulator frozen = frozenSimulator();
        try (frozen) {
            SimulatorClient frozenClient = new SimulatorClient(frozen);
            frozen.rateLimit(1, Duration.ofMinutes(1));
            frozenClient.verify(frozen.mintToken()).assertSuccess(false);

            assertEquals(60, retryAfterSeconds(frozenClient.verify(frozen.mintToken())));
            frozen.advanceTime(Duration.ofSeconds(45));
            assertEquals(15, retryAfterSeconds(frozenClient.verify(frozen.mintToken())));
            frozen.advanceTime(Duration.ofMillis(14_001));
            assertEquals(1, retryAfterSeconds(frozenClient.verify(frozen.mintToken())));
            frozen.advanceTime(Duration.ofMillis(999));
            frozenClient.verify(frozen.mintToken()).assertSuccess(false);
        }
    }

    @Test
    void retryAfter_roundsUpToWholeSeconds_andIsAtLeastOne() throws Exception {
        PlaytchaSimulator frozen = frozenSimulator();
        try (frozen) {
            SimulatorClient frozenClient = new SimulatorClient(frozen);
            frozen.rateLimit(1, Duration.ofMillis(1_500));
            frozenClient.verify(frozen.mintToken()).assertSuccess(false);
            assertEquals(2, retryAfterSeconds(frozenClient.verify(frozen.mintToken())));

            frozen.rateLimit(1, Duration.ofMillis(200));
            frozenClient.verify(frozen.mintToken()).assertSuccess(false);
            assertEquals(1, retryAfterSeconds(frozenClient.verify(frozen.mintToken())));
        }
    }

    @Test
    void rateLimitZero_turnsTheLimitOff() throws Exception {
        simulator.rateLimit(1, Duration.ofMinutes(1));
        client.verify(simulator.mintToken()).assertSuccess(false);
        client.verify(simulator.mintToken()).assertError(429, "rate_limited_ip");

        simulator.rateLimit(0, null);

        for (int i = 0; i < 5; i++) {
            client.verify(simulator.mintToken()).assertSuccess(false);
        }
    }

    @Test
    void rateLimit_withoutAPositiveWindow_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> simulator.rateLimit(1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> simulator.rateLimit(1, null));
    }

    /** A simulator whose clock moves only by {@code advanceTime}, so Retry-After has exact values. */
    private static PlaytchaSimulator frozenSimulator() {
        return PlaytchaSimulator.builder().clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).start();
    }

    private static long retryAfterSeconds(Answer answer) {
        String value = answer.headers().firstValue("Retry-After")
                .orElseThrow(() -> new AssertionError("no Retry-After in " + answer));
        assertTrue(value.matches("[0-9]+"), () -> "Retry-After is not whole seconds: " + value);
        return Long.parseLong(value);
    }
}
