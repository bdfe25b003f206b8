package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.DecisionEvent.Kind;
import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter reports every decision, and a request that fails open carries its ledger id and is
 * reconciled once Playtcha is back; the listener is found by {@code ServiceLoader} in the
 * application's class loader, as an application would declare it.
 */
class LedgerFilterTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @TempDir
    static Path services;

    @RegisterExtension
    static final JettyDeployment JETTY = JettyDeployment.of(PLAYTCHA, (context, sim) -> {
        context.setClassLoader(applicationClassLoader(context));
        context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("signup",
                EmbeddedJetty.settings(sim, "breaker.enabled", "false")), "/signup/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("payment",
                EmbeddedJetty.settings(sim, "breaker.enabled", "false", "fail-closed", "true")), "/payment/*");
    });

    /**
     * A class loader whose {@code META-INF/services} names {@link RecordingListener}, as an
     * application's would; closed once the application has stopped, as a container closes it.
     */
    private static URLClassLoader applicationClassLoader(ServletContextHandler context) throws IOException {
        Path file = services.resolve("META-INF/services/" + PlaytchaListener.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# the application's listener\n" + RecordingListener.class.getName() + "\n");
        URLClassLoader application = new URLClassLoader(new URL[] {services.toUri().toURL()},
                LedgerFilterTest.class.getClassLoader());
        context.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopped(LifeCycle stopped) {
                try {
                    application.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        return application;
    }

    @BeforeEach
    void clear() {
        RecordingListener.DECISIONS.clear();
        RecordingListener.RECONCILED.clear();
    }

    @Test
    void everyDecision_isReported_withItsKind_pathAndAddress() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        JETTY.post("/signup/a").form("playtcha-token", sim.mintToken()).send();
        JETTY.post("/signup/b").form("playtcha-token", sim.mintRedeemedToken()).send();
        JETTY.post("/signup/c").send();
        sim.inject(Fault.serverError(500, "db_error"));
        JETTY.post("/payment/d").form("playtcha-token", sim.mintToken()).send();
        sim.clearFaults();
        JETTY.request("GET", "/signup/e").send();

        List<DecisionEvent> seen = RecordingListener.DECISIONS;
        assertEquals(List.of(Kind.VERIFIED, Kind.REJECTED, Kind.REJECTED, Kind.UNAVAILABLE), seen.stream().map(DecisionEvent::kind).toList());
        assertEquals(List.of("/signup/a", "/signup/b", "/signup/c", "/payment/d"), seen.stream().map(DecisionEvent::path).toList());
        assertTrue(seen.stream().allMatch(e -> "127.0.0.1".equals(e.remoteAddress()) && e.ledgerEntry() == null), seen::toString);
        assertEquals("already_redeemed", seen.get(1).result().errorCode());
        assertEquals(503, seen.get(3).decision().status());
    }

    @Test
    void failedOpen_carriesItsLedgerId_andIsReconciledWhenPlaytchaIsBack() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.inject(Fault.serverError(503, "db_error"));
        String token = sim.mintToken();
        // A session id in the path must not reach the ledger (or the logs and files it writes).
        Map<String, String> seen = JETTY.post("/signup/form;jsessionid=node0abc123").form("playtcha-token", token).send().echo();
        Map<String, String> verified;
        sim.clearFaults();
        verified = JETTY.post("/signup/form").form("playtcha-token", sim.mintToken()).send().echo();

        String ledgerId = seen.get(PlaytchaFilter.LEDGER_ID);
        assertNotNull(ledgerId, seen::toString);
        assertNull(verified.get(PlaytchaFilter.LEDGER_ID));
        DecisionEvent failedOpen = RecordingListener.DECISIONS.get(0);
        assertEquals(Kind.FAILED_OPEN, failedOpen.kind());
        assertEquals(ledgerId, failedOpen.ledgerEntry().id());

        Reconciliation r = RecordingListener.RECONCILED.poll(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(r, "reconciled in the background");
        assertNull(RecordingListener.RECONCILED.poll(1, TimeUnit.SECONDS), "once, also after four more passes");
        assertEquals(ledgerId, r.entry().id());
        assertEquals(Reconciliation.Outcome.CONFIRMED, r.outcome());
        assertEquals("/signup/form", r.entry().path());
        assertEquals("db_error", r.entry().cause());
        assertEquals(2, sim.callCount(token), "once in the outage, once to reconcile");
    }
}
