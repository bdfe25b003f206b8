package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Starting, addressing and resetting a simulator. */
@ExtendWith(PlaytchaSimulatorExtension.class)
class PlaytchaSimulatorTest {

    private final PlaytchaSimulator simulator;
    private final SimulatorClient client;

    /** One simulator per class; the extension resets it before each test. */
    PlaytchaSimulatorTest(PlaytchaSimulator simulator) {
        this.simulator = simulator;
        this.client = new SimulatorClient(simulator);
    }

    @Test
    void url_isLoopbackWithTheEphemeralPort_andVerifyUrlAddsThePath() {
        assertTrue(simulator.port() > 0);
        assertEquals(URI.create("http://127.0.0.1:" + simulator.port()), simulator.url());
        assertEquals(URI.create("http://127.0.0.1:" + simulator.port() + "/v1/verify"), simulator.verifyUrl());
        assertEquals("PlaytchaSimulator[" + simulator.url() + "]", simulator.toString());
    }

    @Test
    void twoSimulators_getTwoPortsAndTwoSecrets() {
        try (PlaytchaSimulator other = PlaytchaSimulator.start()) {
            assertNotEquals(simulator.port(), other.port());
            assertNotEquals(simulator.secret(), other.secret());
        }
    }

    @Test
    void tokensOfOneSimulator_areInvalidAtAnother() throws Exception {
        try (PlaytchaSimulator other = PlaytchaSimulator.start()) {
            client.verify(other.mintToken()).assertError(401, "token_invalid");
        }
    }

    @Test
    void builderSecret_isTheDefaultProjectsSecret_andSurvivesReset() throws Exception {
        try (PlaytchaSimulator known = PlaytchaSimulator.builder().secret("sk_test_known").start()) {
            assertEquals("sk_test_known", known.secret());
            SimulatorClient knownClient = new SimulatorClient(known);
            knownClient.verify(known.mintToken()).assertSuccess(false);
            known.reset();
            assertEquals("sk_test_known", known.secret());
            knownClient.verify(known.mintToken()).assertSuccess(false);
        }
    }

    @Test
    void builder_refusesBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> PlaytchaSimulator.builder().secret("has space"));
        assertThrows(IllegalArgumentException.class, () -> PlaytchaSimulator.builder().secret(""));
        assertThrows(NullPointerException.class, () -> PlaytchaSimulator.builder().secret(null));
        assertThrows(IllegalArgumentException.class, () -> PlaytchaSimulator.builder().port(-1));
        assertThrows(IllegalArgumentException.class, () -> PlaytchaSimulator.builder().port(65536));
        assertThrows(IllegalArgumentException.class, () -> PlaytchaSimulator.builder().maxThreads(7));
        assertThrows(NullPointerException.class, () -> PlaytchaSimulator.builder().clock(null));
    }

    @Test
    void builder_onAPortInUse_failsToStart_namingIt() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> PlaytchaSimulator.builder().port(simulator.port()).start());

        assertTrue(failure.getMessage().contains(":" + simulator.port()), failure::getMessage);
    }

    @Test
    void reset_forgetsTokensCallsFaultsLimitsAndTheClock_keepingPortAndSecret() throws Exception {
        URI url = simulator.url();
        String secret = simulator.secret();
        String token = simulator.mintToken();
        client.verify(token).assertSuccess(false);
        simulator.inject(Fault.html(502));
        simulator.rateLimit(1, Duration.ofHours(1));
        simulator.degradedAfter(0);
        simulator.advanceTime(Duration.ofDays(1));

        simulator.reset();

        assertEquals(url, simulator.url());
        assertEquals(secret, simulator.secret());
        assertEquals(0, simulator.callCount());
        assertEquals(0, simulator.callCount(token));
        assertTrue(simulator.now().isBefore(Instant.now().plus(Duration.ofHours(1))));
        client.verify(token).assertError(401, "token_invalid");
        client.verify(simulator.mintToken()).assertSuccess(false);
        client.verify(simulator.mintToken()).assertSuccess(false);
    }

    @Test
    void reset_bringsBackADeletedDefaultProject() throws Exception {
        simulator.deleteProject(simulator.defaultProject());
        client.verify(simulator.mintToken()).assertError(404, "unknown_project");

        simulator.reset();

        client.verify(simulator.mintToken()).assertSuccess(false);
    }

    @Test
    void reset_bringsBackTheDefaultProject_evenWhenATestReplacedIt() throws Exception {
        simulator.deleteProject(simulator.defaultProject());
        SimulatedProject impostor = simulator.createProject(PlaytchaSimulator.DEFAULT_PROJECT);
        assertNotEquals(simulator.secret(), impostor.secret());

        simulator.reset();

        client.verify(simulator.mintToken()).assertSuccess(false);
    }
}
