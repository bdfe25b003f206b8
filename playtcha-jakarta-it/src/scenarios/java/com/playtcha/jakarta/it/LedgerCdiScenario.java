package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 6: the fail-open ledger of a CDI application. The verifier comes from the library's CDI
 * producer (configured by MicroProfile Config, the filter registered by
 * {@code playtcha.url-patterns} and borrowing it, as in {@link CdiScenario}), and the application
 * hears reconciliations as CDI events: an {@code @ApplicationScoped} bean observes
 * {@code Reconciliation} and hands it to {@code /reconciled}, which the test long-polls as in
 * {@link LedgerScenario}. The events are fired on the ledger's background thread, not on a
 * request's: in a container with Jakarta Concurrency a thread of its default managed scheduled
 * executor, where the observer can look up {@code java:comp} names (a DataSource), which is what
 * this scenario proves in a real container.
 *
 * <p>Run in WildFly and Open Liberty only: the containers here with CDI of their own. The ledger's journal goes to
 * a directory of this scenario's own.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class LedgerCdiScenario {

    private static final String OBSERVER = "com.playtcha.jakarta.it.app.ReconciliationObserver";
    private static final Path DIRECTORY = LedgerScenario.newLedgerDirectory("ledger-cdi");

    @ArquillianResource
    URL url;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        PlaytchaSimulator sim = Playtcha.simulator();
        WebArchive war = Wars.withLibrary("ledger-cdi")
                .setWebXML(new StringAsset(Wars.webXml(
                        Wars.servlet("reconciled", LedgerScenario.RECONCILED_SERVLET, "/reconciled") + Wars.echoServlet())))
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" "
                        + "bean-discovery-mode=\"annotated\"/>\n"), "beans.xml")
                .addAsResource(new StringAsset("playtcha.url-patterns=/signup/*\n"
                        + "playtcha.api-url=" + sim.url() + "\n"
                        + "playtcha.breaker.enabled=false\n"
                        + "playtcha.ledger.directory=" + DIRECTORY + "\n"), "META-INF/microprofile-config.properties");
        return Wars.withClassesByName(war, LedgerScenario.RECONCILED_SERVLET, OBSERVER);
    }

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @AfterEach
    void heal() {
        Playtcha.simulator().clearFaults();
    }

    @Test
    void failedOpen_isReconciledAsACdiEvent_onAManagedThread_withJavaCompNames() throws Exception {
        String id = LedgerScenario.failOpen(url, Playtcha.simulator().mintToken());
        Playtcha.simulator().clearFaults();

        Map<String, String> reconciled = LedgerScenario.awaitReconciliation(url);
        assertEquals(id, reconciled.get("id"), reconciled::toString);
        assertEquals("confirmed", reconciled.get("outcome"), reconciled::toString);
        LedgerScenario.assertDeliveredOnTheRightThread(reconciled);
        assertEquals(204, Http.get(url, "/reconciled?wait=2").status(), "reported once, by CDI only");
    }
}
