package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http.Reply;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URL;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario: a CDI application with MicroProfile Health and OpenTelemetry. The library registers its
 * readiness check and records metrics on the application's {@code OpenTelemetry}; the filter
 * (registered by {@code playtcha.url-patterns}) borrows the CDI verifier. The readiness check stays UP
 * when Playtcha answers {@code bad_secret} or {@code unknown_project} about a token and when an outage
 * flood fills the fail-open ledger ({@value #LEDGER_CAPACITY} entries here), with the fault in its
 * data: one client's token, or a fault every replica shares, must not take the site out of rotation.
 * The metrics show the decisions and the fault. Each container says where its readiness report and its
 * metrics are ({@link #readiness()}, {@link #metrics()}), and sets {@code playtcha.ledger.capacity} to
 * {@value #LEDGER_CAPACITY}.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class ObservabilityScenario {

    /** Playtcha's answer to a secret it does not know, as the simulator gives it for a wrong secret. */
    static final String BAD_SECRET = "{\"error\":{\"code\":\"bad_secret\",\"message\":\"The secret does not match the project.\","
            + "\"request_id\":\"req_it_bad_secret\"}}";
    static final String UNKNOWN_PROJECT = "{\"error\":{\"code\":\"unknown_project\",\"message\":\"No such project.\","
            + "\"request_id\":\"req_it_unknown_project\"}}";

    /** {@code playtcha.ledger.capacity} of the scenario's deployment: small, so that a few requests fill it. */
    protected static final int LEDGER_CAPACITY = 3;
    /**
     * Three clients on loopback (all of 127.0.0.0/8 is this machine), each in an IPv4 /24 of its own: the
     * operator fault counts distinct clients by /24, so three addresses of one /24 are one client.
     */
    static final List<InetAddress> CLIENTS = List.of(loopback(2), loopback(3), loopback(4));

    @ArquillianResource
    protected URL url;

    /** The runtime's readiness report: status and JSON body. */
    protected abstract Reply readiness() throws Exception;

    /**
     * Text in which the metrics recorded so far appear by instrument name, once they appear at all
     * (an exporter may need a moment): waits up to a deadline for {@code name}.
     */
    protected abstract String metrics(String name) throws Exception;

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @Test
    void readinessStaysUp_afterBadSecretAndUnknownProject_withTheFaultInTheData_andMetricsRecorded() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        Reply verified = Http.post(url, "/guarded/signup", Http.JSON, sim.mintToken());
        assertEquals("verified", verified.outcome(), verified::toString);

        Reply up = readiness();
        assertEquals(200, up.status(), up::toString);
        assertTrue(up.body().contains("\"name\":\"playtcha\"") && up.body().contains("\"breaker\""), up::toString);

        // The operator fault needs three clients told so with no verdict between: one client's own
        // foreign tokens are no evidence that the secret is wrong.
        for (InetAddress client : CLIENTS) {
            sim.injectOnce(Fault.json(401, BAD_SECRET));
            Reply refused = Http.postFrom(client, url, "/guarded/signup", Http.JSON, sim.mintToken());
            assertEquals(403, refused.status(), "bad_secret rejects the token: " + refused);
        }

        Reply badSecret = readiness();
        assertEquals(200, badSecret.status(), "an answer about one token takes no instance out of rotation: " + badSecret);
        assertTrue(badSecret.body().contains("\"fault\":\"bad_secret\"") && badSecret.body().contains("\"faultSince\""),
                badSecret::toString);
        assertFalse(badSecret.body().contains(Playtcha.SECRET), "never the secret");

        for (InetAddress client : CLIENTS) {
            sim.injectOnce(Fault.json(404, UNKNOWN_PROJECT));
            Reply unknown = Http.postFrom(client, url, "/guarded/signup", Http.JSON, sim.mintToken());
            assertEquals(403, unknown.status(), "unknown_project rejects the token: " + unknown);
        }
        Reply unknownProject = readiness();
        assertEquals(200, unknownProject.status(), unknownProject::toString);
        assertTrue(unknownProject.body().contains("\"fault\":\"unknown_project\""), unknownProject::toString);

        String decisions = metrics("playtcha.decisions");
        assertTrue(decisions.contains("playtcha.decisions"), decisions);
        assertTrue(metrics("playtcha.verify.duration").contains("playtcha.verify.duration"), decisions);
        assertTrue(metrics("bad_secret").contains("bad_secret"), "the decision's code is an attribute: " + decisions);
        assertTrue(metrics("playtcha.local_fault").contains("playtcha.local_fault"), "the fault is a metric too");

        assertEquals("verified", Http.post(url, "/guarded/signup", Http.JSON, sim.mintToken()).outcome());
        Reply cleared = readiness();
        assertTrue(cleared.status() == 200 && !cleared.body().contains("\"fault\""), "a verdict ends the suspicion: " + cleared);
    }

    @Test
    void readinessStaysUp_whenAnOutageFloodFillsTheLedger_withLedgerFullInTheData() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        assertEquals("verified", Http.post(url, "/guarded/signup", Http.JSON, sim.mintToken()).outcome(),
                "a verdict: no failures in a row left by another test, so the breaker stays closed for the flood");
        awaitReadiness(r -> r.body().contains("\"ledgerOpen\":0"));
        sim.inject(Fault.serverError(503, "maintenance"));
        try {
            for (int i = 0; i <= LEDGER_CAPACITY; i++) {
                Reply reply = Http.post(url, "/guarded/signup", Http.JSON, sim.mintToken());
                assertEquals(200, reply.status(), reply::toString);
                assertEquals("true", reply.echo().get("com.playtcha.failed-open"), reply::toString);
            }
            Reply full = readiness();
            assertEquals(200, full.status(), "a full ledger takes no instance out of rotation: " + full);
            assertTrue(full.body().contains("\"fault\":\"ledger_full\"")
                    && full.body().contains("\"ledgerOpen\":" + LEDGER_CAPACITY), full::toString);
        } finally {
            sim.clearFaults();
        }
        Reply drained = awaitReadiness(r -> r.body().contains("\"ledgerOpen\":0"));
        assertTrue(drained.status() == 200 && !drained.body().contains("\"fault\""), "room again: " + drained);
    }

    /** The readiness report once it matches; the ledger's passes run every 250 ms, with backoff after failures. */
    protected Reply awaitReadiness(Predicate<Reply> wanted) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Reply reply = readiness();
        while (!wanted.test(reply)) {
            Reply last = reply;
            assertTrue(System.nanoTime() < deadline, () -> "within 60 s; last: " + last);
            Thread.sleep(50); // polling a condition, not waiting for time to pass
            reply = readiness();
        }
        return reply;
    }

    private static InetAddress loopback(int slash24) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) slash24, 2});
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
    }
}
