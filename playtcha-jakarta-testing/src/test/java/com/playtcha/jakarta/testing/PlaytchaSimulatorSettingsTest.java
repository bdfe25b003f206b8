package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@link PlaytchaSimulatorSettings} fixes the port and secret an application was configured with
 * before its test class ran: each class gets its own simulator there, one after the other, and a
 * nested class shares its enclosing class's.
 */
class PlaytchaSimulatorSettingsTest {

    /** A port of its own: no other test of the build names it. */
    static final int PORT = 18731;
    static final String SECRET = "sk_test_fixed_settings";

    /** Run by the launcher below only: Surefire skips nested classes. */
    @ExtendWith(PlaytchaSimulatorExtension.class)
    @PlaytchaSimulatorSettings(port = PORT, secret = SECRET)
    static class First {
        static volatile PlaytchaSimulator seen;
        static volatile PlaytchaSimulator nested;

        @Test
        void verifiesWithTheFixedSecret(PlaytchaSimulator simulator) throws Exception {
            seen = simulator;
            assertEquals(PORT, simulator.port());
            assertEquals(SECRET, simulator.secret());
            new SimulatorClient(simulator).verify(simulator.mintToken()).assertSuccess(false);
        }

        @Nested
        class Inner {
            @Test
            void sharesTheEnclosingClasssSimulator(PlaytchaSimulator simulator) {
                nested = simulator;
            }
        }
    }

    /** Run by the launcher below only, after {@link First}: the port is free again. */
    @ExtendWith(PlaytchaSimulatorExtension.class)
    @PlaytchaSimulatorSettings(port = PORT, secret = SECRET)
    static class Second {
        static volatile PlaytchaSimulator seen;
        static volatile int port;

        @Test
        void verifiesWithTheFixedSecret(PlaytchaSimulator simulator) throws Exception {
            seen = simulator;
            port = simulator.port();
            new SimulatorClient(simulator).verify(simulator.mintToken()).assertSuccess(false);
        }
    }

    @Test
    void classesWithFixedSettings_eachRunASimulatorOnThatPort_withThatSecret() {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();

        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(First.class), selectClass(Second.class))
                .build(), listener);

        TestExecutionSummary summary = listener.getSummary();
        assertEquals(3, summary.getTestsSucceededCount(), () -> summary.getFailures().toString());
        assertSame(First.seen, First.nested);
        assertEquals(PORT, Second.port);
        assertEquals(SECRET, Second.seen.secret());
        assertEquals("PlaytchaSimulator[stopped]", First.seen.toString());
        assertEquals("PlaytchaSimulator[stopped]", Second.seen.toString());
    }
}
