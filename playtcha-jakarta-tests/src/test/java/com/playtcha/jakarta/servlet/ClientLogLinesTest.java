package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A line that any client writes with one request is written by a filter at most once per 10 s, with the count
 * since its last (1 for the first of the flood), and each of the others at DEBUG: 50 requests that each would have
 * written it write it once. Observe mode's note, a body in a charset the JVM does not know, a multipart body without
 * a boundary, a blocked include; each kind has its own throttle (each test here floods another), and each filter its
 * own. The filters keep time by {@code System.nanoTime}: a flood that outlasts 10 s on a loaded machine may write one
 * line more per 10 s, which the assertions allow; the period itself, on a clock the test moves, is LoggingTest's for
 * the verifier's lines and LogThrottleTest's.
 */
class ClientLogLinesTest {

    private static final int FLOOD = 50;

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final JettyDeployment JETTY = JettyDeployment.of(PLAYTCHA, (context, sim) -> {
        context.addServlet(new ServletHolder("app", new EchoServlet(EchoServlet.Read.RAW_BODY)), "/*");
        context.addServlet(new ServletHolder("include", new DispatchTest.Dispatching()), "/include/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("observed", EmbeddedJetty.settings(sim, "mode", "observe")),
                "/observed/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("enforced", EmbeddedJetty.settings(sim)), "/enforced/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("also-enforced", EmbeddedJetty.settings(sim)), "/also/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("included", EmbeddedJetty.settings(sim)), "/target/*",
                DispatcherType.INCLUDE);
    });

    @RegisterExtension
    final LogCapture capture = new LogCapture();

    @Test
    void observeModesNote_isLoggedOnce_theRestAtDebug() throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < FLOOD; i++) {
            assertEquals(200, JETTY.post("/observed/x").form("name", "Ada").send().status());
        }

        assertOnce("Playtcha observe mode: enforce would answer 403 [filter=observed, code=missing_token", FLOOD, started);
    }

    @Test
    void aFormInACharsetTheJvmDoesNotKnow_isLoggedOnce_theRestAtDebug() throws Exception {
        byte[] form = "name=Ada&playtcha-token=ptk_abc".getBytes(StandardCharsets.US_ASCII);
        long started = System.nanoTime();
        for (int i = 0; i < FLOOD; i++) {
            assertEquals(403, JETTY.post("/enforced/x").acceptJson()
                    .body("application/x-www-form-urlencoded; charset=x-unknown-" + i, form).send().status());
        }

        assertOnce("Form body not read: its charset is not one this JVM knows", FLOOD, started);
    }

    @Test
    void aMultipartBodyWithoutABoundary_isLoggedOnce_theRestAtDebug_eachFilterItsOwn() throws Exception {
        byte[] body = "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n--x--\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        String line = "Multipart body not read: its Content-Type has no single valid boundary";
        long started = System.nanoTime();
        for (int i = 0; i < FLOOD; i++) {
            assertEquals(403, JETTY.post("/enforced/x").acceptJson().body("multipart/form-data", body).send().status());
        }
        assertOnce(line, FLOOD, started);

        assertEquals(403, JETTY.post("/also/x").acceptJson().body("multipart/form-data", body).send().status());
        List<String> info = lines(Level.INFO, line);
        assertTrue(info.get(info.size() - 1).contains("field=playtcha-token, count=1]"), "the other filter's first: " + info);
    }

    @Test
    void aBlockedInclude_isLoggedOnce_theRestAtDebug() throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < FLOOD; i++) {
            JETTY.post("/include/x").form("name", "Ada").send();
        }

        assertOnce("PlaytchaFilter [included] blocked an include", FLOOD, started);
    }

    /**
     * {@code requests} lines starting with {@code text}: one at INFO counting 1 (the first of the flood), the others
     * at DEBUG without a count; and, should the flood have outlasted 10 s since {@code started}, one more INFO line
     * per 10 s, each counting the requests since the one before.
     */
    private void assertOnce(String text, int requests, long started) {
        List<String> info = lines(Level.INFO, text);
        List<String> debug = lines(Level.FINE, text);
        long periods = (System.nanoTime() - started) / TimeUnit.SECONDS.toNanos(10);
        assertTrue(!info.isEmpty() && info.size() <= 1 + periods, () -> info.size() + " INFO lines in " + periods
                + " periods of 10 s: " + info);
        assertTrue(info.get(0).contains(", count=1]"), info::toString);
        assertEquals(requests, info.size() + debug.size(), capture::everything);
        assertTrue(debug.stream().noneMatch(l -> l.contains("count=")), debug::toString);
    }

    private List<String> lines(Level level, String text) {
        return capture.lines(level).stream().filter(l -> l.startsWith(text)).toList();
    }
}
