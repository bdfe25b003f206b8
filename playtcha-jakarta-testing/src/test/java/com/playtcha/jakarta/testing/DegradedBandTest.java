package com.playtcha.jakarta.testing;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code degraded: true} past a quota of successful verifies: still a success, only a usage signal. */
class DegradedBandTest {

    private PlaytchaSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void start() {
        simulator = PlaytchaSimulator.start();
        client = new SimulatorClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void degradedAfterOne_firstSuccessIsNotDegraded_secondIs() throws Exception {
        simulator.degradedAfter(1);

        client.verify(simulator.mintToken()).assertSuccess(false);
        client.verify(simulator.mintToken()).assertSuccess(true);
        client.verify(simulator.mintToken()).assertSuccess(true);
    }

    @Test
    void degradedAfterZero_degradesEverySuccess() throws Exception {
        simulator.degradedAfter(0);

        client.verify(simulator.mintToken()).assertSuccess(true);
    }

    @Test
    void failedVerifies_doNotUseTheQuota() throws Exception {
        simulator.degradedAfter(1);
        client.verify("garbage").assertError(401, "token_invalid");
        client.verify(simulator.mintExpiredToken()).assertError(410, "token_expired");
        client.verify(simulator.mintRedeemedToken()).assertError(409, "already_redeemed");

        client.verify(simulator.mintToken()).assertSuccess(false);
        client.verify(simulator.mintToken()).assertSuccess(true);
    }

    @Test
    void degradedAfterMinusOne_turnsTheBandOff() throws Exception {
        simulator.degradedAfter(0);
        client.verify(simulator.mintToken()).assertSuccess(true);

        simulator.degradedAfter(-1);

        client.verify(simulator.mintToken()).assertSuccess(false);
    }

    @Test
    void settingTheBandAgain_restartsTheCount() throws Exception {
        simulator.degradedAfter(1);
        client.verify(simulator.mintToken()).assertSuccess(false);
        client.verify(simulator.mintToken()).assertSuccess(true);

        simulator.degradedAfter(1);

        client.verify(simulator.mintToken()).assertSuccess(false);
    }

    @Test
    void delayedAndDrippedSuccesses_countTowardTheBand() throws Exception {
        simulator.degradedAfter(1);
        simulator.injectOnce(Fault.delay(Duration.ofMillis(10)));
        client.verify(simulator.mintToken()).assertSuccess(false);

        simulator.injectOnce(Fault.drip(Duration.ofMillis(1)));
        client.verify(simulator.mintToken()).assertSuccess(true);
    }
}
