package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extension on a static field, for a client under test built once in {@code @BeforeAll} from the
 * simulator's URL and secret: both must stay valid for every test while the state is reset.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlaytchaSimulatorExtensionFieldTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    private static PlaytchaSimulator simulator;
    private static URI url;
    private static String secret;
    private static SimulatorClient client;
    private static String leftoverToken;

    @BeforeAll
    static void buildTheClientOnce() {
        simulator = PLAYTCHA.simulator();
        url = simulator.url();
        secret = simulator.secret();
        client = new SimulatorClient(simulator);
    }

    @Test
    @Order(1)
    void simulatorFromBeforeAll_isRunning() throws Exception {
        assertSame(simulator, PLAYTCHA.simulator());
        client.verify(secret, simulator.mintToken()).assertSuccess(false);
    }

    @Test
    @Order(2)
    void leavesTokensFaultsAndCalls() throws Exception {
        leftoverToken = simulator.mintToken();
        simulator.degradedAfter(0);
        client.verify(secret, simulator.mintToken()).assertSuccess(true);
        simulator.inject(Fault.hang());

        assertEquals(1, simulator.callCount());
    }

    @Test
    @Order(3)
    void nextTest_getsAFreshSimulator_behindTheSameUrlAndSecret() throws Exception {
        assertSame(simulator, PLAYTCHA.simulator());
        assertEquals(url, PLAYTCHA.simulator().url());
        assertEquals(secret, PLAYTCHA.simulator().secret());
        assertTrue(simulator.calls().isEmpty());

        // The standing hang and the degraded band are gone:
        client.verify(secret, simulator.mintToken()).assertSuccess(false);
        client.verify(secret, leftoverToken).assertError(401, "token_invalid");
    }

    @Test
    void simulator_beforeTheExtensionRan_saysHowToRegisterIt() {
        IllegalStateException failure =
                assertThrows(IllegalStateException.class, () -> new PlaytchaSimulatorExtension().simulator());

        assertTrue(failure.getMessage().contains("static field"), failure::getMessage);
    }
}
