package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The simulator stops when its test class is done. That happens after every callback a test class
 * could observe, so the classes under test are run here through the JUnit launcher. (The extension
 * relies on JUnit closing {@code AutoCloseable} values in its store, which JUnit does from 5.13 on.)
 */
class PlaytchaSimulatorExtensionLifecycleTest {

    /** Run by the launcher below only: Surefire skips nested classes. */
    @ExtendWith(PlaytchaSimulatorExtension.class)
    static class WithParameter {
        static volatile PlaytchaSimulator seen;
        static volatile int port;

        @Test
        void verifies(PlaytchaSimulator simulator) throws Exception {
            seen = simulator;
            port = simulator.port();
            new SimulatorClient(simulator).verify(simulator.mintToken()).assertSuccess(false);
        }
    }

    /** Run by the launcher below only: Surefire skips nested classes. */
    static class WithField {
        @RegisterExtension
        static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();
        static volatile PlaytchaSimulator seen;
        static volatile int port;

        @Test
        void verifies() throws Exception {
            seen = PLAYTCHA.simulator();
            port = seen.port();
            new SimulatorClient(seen).verify(seen.mintToken()).assertSuccess(false);
        }
    }

    @Test
    void eachTestClass_getsItsOwnSimulator_stoppedWhenTheClassIsDone() {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();

        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(WithParameter.class), selectClass(WithField.class))
                .build(), listener);

        TestExecutionSummary summary = listener.getSummary();
        assertEquals(2, summary.getTestsSucceededCount(), () -> summary.getFailures().toString());
        assertNotEquals(WithParameter.port, WithField.port);
        for (PlaytchaSimulator simulator : new PlaytchaSimulator[] {WithParameter.seen, WithField.seen}) {
            assertEquals("PlaytchaSimulator[stopped]", simulator.toString());
        }
        for (int port : new int[] {WithParameter.port, WithField.port}) {
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getByName("127.0.0.1"), port).close(),
                    "something still listens on " + port);
        }
    }
}
