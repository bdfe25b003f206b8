package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
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
 * {@link PlaytchaSimulatorSettings} fixes the secret a test named before its class ran: each class gets
 * its own simulator with it, on a free port taken at bind time, and a nested class shares its enclosing
 * class's.
 */
class PlaytchaSimulatorSettingsTest {

    static final String SECRET = "sk_test_fixed_settings";

    /** Run by the launcher below only: Surefire skips nested classes. */
    @ExtendWith(PlaytchaSimulatorExtension.class)
    @PlaytchaSimulatorSettings(secret = SECRET)
    static class First {
        static volatile PlaytchaSimulator seen;
        static volatile PlaytchaSimulator nested;

        @Test
        void verifiesWithTheFixedSecret(PlaytchaSimulator simulator) throws Exception {
            seen = simulator;
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

    /** Run by the launcher below only, after {@link First}. */
    @ExtendWith(PlaytchaSimulatorExtension.class)
    @PlaytchaSimulatorSettings(secret = SECRET)
    static class Second {
        static volatile PlaytchaSimulator seen;

        @Test
        void verifiesWithTheFixedSecret(PlaytchaSimulator simulator) throws Exception {
            seen = simulator;
            new SimulatorClient(simulator).verify(simulator.mintToken()).assertSuccess(false);
        }
    }

    @Test
    void classesWithFixedSettings_eachRunASimulatorOfTheirOwn_withThatSecret() {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();

        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(First.class), selectClass(Second.class))
                .build(), listener);

        TestExecutionSummary summary = listener.getSummary();
        assertEquals(3, summary.getTestsSucceededCount(), () -> summary.getFailures().toString());
        assertSame(First.seen, First.nested);
        assertNotSame(First.seen, Second.seen);
        assertEquals(SECRET, Second.seen.secret());
        assertEquals("PlaytchaSimulator[stopped]", First.seen.toString());
        assertEquals("PlaytchaSimulator[stopped]", Second.seen.toString());
    }
}
