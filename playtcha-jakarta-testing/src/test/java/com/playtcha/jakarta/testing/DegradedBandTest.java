package com.playtcha.jakarta.testing;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code degraded: true} past a quota of successful verifies: still a success, only a usage signal. */
@ExtendWith(PlaytchaSimulatorExtension.class)
class DegradedBandTest {

    private final PlaytchaSimulator simulator;
    private final SimulatorClient client;

    /** One simulator per class; the extension resets it before each test. */
    DegradedBandTest(PlaytchaSimulator simulator) {
        this.simulator = simulator;
        this.client = new SimulatorClient(simulator);
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
