package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The extension as users meet it first: {@code @ExtendWith} and a {@code PlaytchaSimulator}
 * parameter. The first test leaves every kind of state behind; the second finds none of it, on the
 * same simulator with the same URL and secret.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlaytchaSimulatorExtensionParameterTest {

    private static PlaytchaSimulator fromBeforeAll;
    private static URI url;
    private static String secret;
    private static String leftoverToken;
    private static String unusedLeftoverToken;

    private final PlaytchaSimulator fromConstructor;
    private PlaytchaSimulator fromBeforeEach;

    PlaytchaSimulatorExtensionParameterTest(PlaytchaSimulator simulator) {
        fromConstructor = simulator;
    }

    @BeforeAll
    static void rememberTheSimulator(PlaytchaSimulator simulator) {
        fromBeforeAll = simulator;
        url = simulator.url();
        secret = simulator.secret();
    }

    @BeforeEach
    void rememberItPerTest(PlaytchaSimulator simulator) {
        fromBeforeEach = simulator;
    }

    @Test
    @Order(1)
    void everyInjectionPoint_getsTheSameRunningSimulator(PlaytchaSimulator simulator) throws Exception {
        assertSame(fromBeforeAll, simulator);
        assertSame(fromBeforeAll, fromBeforeEach);
        assertSame(fromBeforeAll, fromConstructor);
        assertEquals("127.0.0.1", simulator.url().getHost());
        new SimulatorClient(simulator).verify(simulator.mintToken()).assertSuccess(false);
    }

    @Test
    @Order(2)
    void leavesState(PlaytchaSimulator simulator) throws Exception {
        SimulatorClient client = new SimulatorClient(simulator);
        leftoverToken = simulator.mintToken();
        unusedLeftoverToken = simulator.mintToken();
        client.verify(leftoverToken).assertSuccess(false);
        simulator.createProject("leftover");
        simulator.rateLimit(1, Duration.ofHours(1));
        simulator.degradedAfter(0);
        simulator.advanceTime(Duration.ofHours(2));
        simulator.inject(Fault.html(502));
        simulator.injectOnce(Fault.serverError(500, "db_error"));

        assertEquals(500, client.verify(simulator.mintToken()).status());
        assertEquals(1, simulator.callCount(leftoverToken));
    }

    @Test
    @Order(3)
    void nextTest_findsNoneOfIt_onTheSameUrlAndSecret(PlaytchaSimulator simulator) throws Exception {
        assertSame(fromBeforeAll, simulator);
        assertEquals(url, simulator.url());
        assertEquals(secret, simulator.secret());

        assertTrue(simulator.calls().isEmpty(), () -> simulator.calls().toString());
        assertEquals(0, simulator.callCount(leftoverToken));
        Instant now = Instant.now();
        assertTrue(simulator.now().isBefore(now.plus(Duration.ofHours(1))), "the clock offset is gone");

        SimulatorClient client = new SimulatorClient(simulator);
        // No faults, no rate limit, no degraded band:
        client.verify(simulator.mintToken()).assertSuccess(false);
        client.verify(simulator.mintToken()).assertSuccess(false);
        // Tokens are forgotten, so an unused one from before is unknown now:
        client.verify(unusedLeftoverToken).assertError(401, "token_invalid");
        // Other projects are gone; the default one is kept:
        assertEquals("leftover", simulator.createProject("leftover").id());
        assertNull(simulator.calls().get(0).fault());
    }
}
