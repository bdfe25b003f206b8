package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code openConnections}, {@code connectionsOpened} and {@code awaitOpenConnectionsAtMost}: what a
 * test of a pooled client asserts "no leaked connections" with. The test owns each socket, so it
 * knows when the client side is closed.
 */
class ConnectionTrackingTest {

    private static final Duration GENEROUS = Duration.ofSeconds(5);

    private PlaytchaSimulator simulator;

    @BeforeEach
    void start() {
        simulator = PlaytchaSimulator.start();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void connection_isCountedWhileOpen_andNoLongerAfterTheClientClosesIt() throws Exception {
        assertEquals(0, simulator.openConnections());
        assertEquals(0, simulator.connectionsOpened());

        try (RawConnection connection = RawConnection.open(simulator)) {
            connection.writeVerify(simulator.secret(), simulator.mintToken());
            assertEquals(200, connection.readResponse().status());
            connection.writeVerify(simulator.secret(), simulator.mintToken());
            assertEquals(200, connection.readResponse().status());

            assertEquals(1, simulator.openConnections());
            assertEquals(1, simulator.connectionsOpened());
        }

        assertTrue(simulator.awaitOpenConnectionsAtMost(0, GENEROUS), () -> "still open: " + simulator.openConnections());
        assertEquals(1, simulator.connectionsOpened());
    }

    @Test
    void eachConnection_isCountedSeparately() throws Exception {
        try (RawConnection first = RawConnection.open(simulator)) {
            try (RawConnection second = RawConnection.open(simulator)) {
                first.writeVerify(simulator.secret(), simulator.mintToken());
                second.writeVerify(simulator.secret(), simulator.mintToken());
                assertEquals(200, first.readResponse().status());
                assertEquals(200, second.readResponse().status());

                assertEquals(2, simulator.openConnections());
            }
            assertTrue(simulator.awaitOpenConnectionsAtMost(1, GENEROUS));
            assertEquals(1, simulator.openConnections());
        }
        assertTrue(simulator.awaitOpenConnectionsAtMost(0, GENEROUS));
        assertEquals(2, simulator.connectionsOpened());
    }

    @Test
    void awaitOpenConnectionsAtMost_answersFalse_whenTheConnectionStaysOpen() throws Exception {
        try (RawConnection connection = RawConnection.open(simulator)) {
            connection.writeVerify(simulator.secret(), simulator.mintToken());
            connection.readResponse();

            assertFalse(simulator.awaitOpenConnectionsAtMost(0, Duration.ofMillis(100)));
            assertTrue(simulator.awaitOpenConnectionsAtMost(1, Duration.ZERO));
        }
    }

    @Test
    void clientThatLeavesAHang_leavesNoConnectionOpen() throws Exception {
        simulator.injectOnce(Fault.hang());
        try (RawConnection connection = RawConnection.open(simulator)) {
            connection.writeVerify(simulator.secret(), simulator.mintToken());
            SimulatorClient.awaitCalls(simulator, 1);
            assertEquals(1, simulator.openConnections());
        }

        assertTrue(simulator.awaitOpenConnectionsAtMost(0, GENEROUS), () -> "still open: " + simulator.openConnections());
    }

    @Test
    void jdkClientTimingOutOnAHang_leavesNoConnectionOpen() throws Exception {
        SimulatorClient client = new SimulatorClient(simulator);
        simulator.injectOnce(Fault.hang());

        assertThrows(HttpTimeoutException.class, () -> client.send(
                client.verifyRequest(simulator.secret(), simulator.mintToken()).timeout(Duration.ofMillis(300)).build()));

        assertTrue(simulator.awaitOpenConnectionsAtMost(0, GENEROUS), () -> "still open: " + simulator.openConnections());
    }

    @Test
    void hang_holdsNoServerThread_otherCallsAreAnswered() throws Exception {
        simulator.injectOnce(Fault.hang());
        try (RawConnection hung = RawConnection.open(simulator)) {
            hung.writeVerify(simulator.secret(), simulator.mintToken());
            SimulatorClient.awaitCalls(simulator, 1);

            new SimulatorClient(simulator).verify(simulator.mintToken()).assertSuccess(false);
        }
    }

    @Test
    void closingTheSimulator_closesAHungConnection() throws Exception {
        simulator.injectOnce(Fault.hang());
        try (RawConnection connection = RawConnection.open(simulator)) {
            connection.writeVerify(simulator.secret(), simulator.mintToken());
            SimulatorClient.awaitCalls(simulator, 1);

            long started = System.nanoTime();
            simulator.close();
            Duration closing = Duration.ofNanos(System.nanoTime() - started);

            assertTrue(closing.compareTo(GENEROUS) < 0, () -> "close took " + closing);
            assertEquals(-1, connection.read());
            assertEquals(0, simulator.openConnections());
        }
    }

    @Test
    void reset_closesTheConnectionWithRst() throws Exception {
        simulator.injectOnce(Fault.reset());
        try (RawConnection connection = RawConnection.open(simulator)) {
            connection.writeVerify(simulator.secret(), simulator.mintToken());

            SocketException reset = assertThrows(SocketException.class, connection::read);

            assertTrue(String.valueOf(reset.getMessage()).contains("reset"), reset::toString);
        }
        assertTrue(simulator.awaitOpenConnectionsAtMost(0, GENEROUS));
    }

    @Test
    void raw_writesExactlyItsBytes_thenCloses() throws Exception {
        simulator.injectOnce(Fault.raw("HTTP/1.1 600 Weird\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"));
        try (RawConnection connection = RawConnection.open(simulator)) {
            connection.writeVerify(simulator.secret(), simulator.mintToken());

            RawConnection.Response response = connection.readResponse();

            assertEquals(600, response.status());
            assertEquals("{}", response.body());
            assertEquals(-1, connection.read());
        }
        assertTrue(simulator.awaitOpenConnectionsAtMost(0, GENEROUS));
    }

    @Test
    void close_isIdempotent_andToStringSaysStopped() {
        simulator.close();
        simulator.close();

        assertEquals("PlaytchaSimulator[stopped]", simulator.toString());
    }
}
