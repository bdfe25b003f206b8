package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http.Reply;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 5: the fail-open ledger in a real container. A web.xml WAR guards {@code /signup/*}
 * with a durable ledger ({@code ledger.directory}: a fresh directory per run, made by this JVM under
 * {@code target/ledger}; the managed containers run on this machine) and the breaker off, and
 * brings its own {@code PlaytchaListener} through {@code META-INF/services}. The listener hands
 * each reconciliation to {@code /reconciled}, which the test long-polls: the waiting happens in the
 * container, never in a sleep here.
 *
 * <p>The WAR is deployed by hand (Arquillian's {@link Deployer}) so a test can undeploy it with an
 * entry still open and deploy it again; a probe WAR, deployed for the whole class, gives the
 * container's base URL. Every test ends only after its reconciliation was seen and the WAR is
 * undeployed, so no entry is left to re-verify against the shared simulator while another scenario
 * counts its calls or queues a one-shot fault.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class LedgerScenario {

    static final String RECONCILED_SERVLET = "com.playtcha.jakarta.it.app.ReconciledServlet";
    static final String JOURNAL = "playtcha-ledger.jsonl";
    /** The containers that bind {@code java:comp/DefaultManagedScheduledExecutorService}. */
    static final Set<String> MANAGED_EXECUTOR = Set.of("wildfly", "liberty");

    private static final String LEDGER = "ledger";
    private static final String LISTENER = "com.playtcha.jakarta.it.app.QueueingListener";
    private static final Path DIRECTORY = newLedgerDirectory(LEDGER);

    @ArquillianResource
    Deployer deployer;

    @ArquillianResource
    @OperateOnDeployment("probe")
    URL probe;

    private URL app;
    private boolean deployed;

    @Deployment(name = "probe", testable = false)
    public static WebArchive probe() {
        return Wars.threadsProbe();
    }

    @Deployment(name = LEDGER, managed = false, testable = false)
    public static WebArchive ledger() {
        PlaytchaSimulator sim = Playtcha.simulator();
        WebArchive war = Wars.withLibrary(LEDGER).setWebXML(new StringAsset(Wars.webXml(
                Wars.filter("playtcha", "/signup/*", Map.of("api-url", sim.url().toString(), "secret", sim.secret(),
                        "breaker.enabled", "false", "ledger.directory", DIRECTORY.toString()))
                + Wars.servlet("reconciled", RECONCILED_SERVLET, "/reconciled")
                + Wars.echoServlet())))
                .addAsWebInfResource(new StringAsset(LISTENER + "\n"),
                        "classes/META-INF/services/com.playtcha.jakarta.core.PlaytchaListener")
                // The embedded Jetty's adapter picks a random context path and loads parent-first;
                // this fixes the path to /ledger and loads the WAR first, as a real Jetty does (the
                // test JVM has the listener's class file but not the library it implements).
                // Tomcat and WildFly ignore this file.
                .addAsWebInfResource(new StringAsset("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                        <Configure class="org.eclipse.jetty.ee10.webapp.WebAppContext">
                          <Set name="contextPath">/ledger</Set>
                          <Set name="parentLoaderPriority">false</Set>
                        </Configure>
                        """), "jetty-web.xml");
        return Wars.withClassesByName(war, RECONCILED_SERVLET, LISTENER);
    }

    @BeforeEach
    void resetSimulator() throws Exception {
        Playtcha.simulator().reset();
        // Both WARs are in the same container: the application's URL is the probe's with another context.
        app = new URL(probe, "../" + LEDGER + "/");
    }

    @AfterEach
    void undeployAndHeal() {
        Playtcha.simulator().clearFaults();
        if (deployed) {
            undeploy();
        }
    }

    @Test
    void failedOpen_isReconciledConfirmed_onceWhenPlaytchaAnswersAgain() throws Exception {
        deploy();
        String token = Playtcha.simulator().mintToken();

        String id = failOpen(app, token);
        Playtcha.simulator().clearFaults();

        Map<String, String> reconciled = awaitReconciliation(app);
        assertEquals(id, reconciled.get("id"), reconciled::toString);
        assertEquals("confirmed", reconciled.get("outcome"), reconciled::toString);
        assertTrue(reconciled.get("path").endsWith("/signup/x"), reconciled::toString);
        assertEquals("maintenance", reconciled.get("cause"), reconciled::toString);
        assertDeliveredOnTheRightThread(reconciled);
        assertEquals(204, Http.get(app, "/reconciled?wait=2").status(), "reported once");
        assertTrue(Playtcha.simulator().callCount(token) >= 2, "the failed verify, then the re-verification");
    }

    @Test
    void failedOpen_survivesAnUndeploy_andTheNextDeploymentReconcilesIt() throws Exception {
        deploy();

        String id = failOpen(app, Playtcha.simulator().mintToken());
        undeploy(); // Playtcha still down: the entry cannot have been settled
        String journal = Files.readString(DIRECTORY.resolve(JOURNAL));
        assertTrue(journal.contains("\"id\":\"" + id + "\""), "the journal keeps the open entry:\n" + journal);
        assertNoSecretIn(DIRECTORY);
        Playtcha.simulator().clearFaults();
        deploy();
        startFilterOnWildFly();

        Map<String, String> reconciled = awaitReconciliation(app);
        assertEquals(id, reconciled.get("id"), reconciled::toString);
        assertEquals("confirmed", reconciled.get("outcome"), reconciled::toString);
        assertEquals(204, Http.get(app, "/reconciled?wait=2").status(), "reported once");
        undeploy();
        String after = Files.readString(DIRECTORY.resolve(JOURNAL));
        assertTrue(!after.contains(id) || after.contains("{\"op\":\"reported\",\"id\":\"" + id + "\"}"),
                "nothing left for a third deployment to replay:\n" + after);
    }

    /**
     * WildFly's Undertow initializes a filter on the first request it matches, not at deployment
     * (unless the server sets {@code eager-filter-initialization} on its servlet container), and the
     * ledger replays its journal when the filter creates its verifier. A GET, which the filter
     * passes untouched, starts it, as a user loading the form would. Jetty and Tomcat start filters
     * at deployment, so there the replay needs no request at all.
     */
    private void startFilterOnWildFly() throws Exception {
        if (Wars.CONTAINER.equals("wildfly")) {
            assertEquals(200, Http.get(app, "/signup/x").status());
        }
    }

    /**
     * With Playtcha answering 503 to every verify (the fault stays on: clear it after), posts
     * {@code token} to {@code /signup/x}; asserts the request failed open and returns its ledger id.
     */
    public static String failOpen(URL app, String token) throws Exception {
        Playtcha.simulator().inject(Fault.serverError(503, "maintenance"));
        Reply reply = Http.post(app, "/signup/x", Http.JSON, token);
        assertEquals(200, reply.status(), reply::toString);
        Map<String, String> seen = reply.echo();
        assertEquals("unavailable", seen.get("com.playtcha.outcome"), reply::toString);
        assertEquals("true", seen.get("com.playtcha.failed-open"), reply::toString);
        String id = seen.get("com.playtcha.ledger-id");
        assertNotNull(id, reply::toString);
        return id;
    }

    /**
     * Where the container has Jakarta Concurrency (WildFly, Open Liberty), the ledger runs on its
     * default managed scheduled executor: the listener's thread is the container's, and
     * {@code java:comp} names resolve there (on WildFly also {@code java:comp/DefaultDataSource},
     * which its default configuration binds). Elsewhere (Tomcat, Jetty) the ledger runs on a thread
     * of its own, {@code playtcha-verifier-N-ledger}.
     */
    static void assertDeliveredOnTheRightThread(Map<String, String> reconciled) {
        String thread = reconciled.get("thread");
        if (MANAGED_EXECUTOR.contains(Wars.CONTAINER)) {
            assertFalse(thread.startsWith("playtcha-verifier-"), () -> "not a managed thread: " + reconciled);
            assertEquals("ok", reconciled.get("executor"), () -> "java:comp lookup on " + reconciled);
            if (Wars.CONTAINER.equals("wildfly")) {
                assertEquals("ok", reconciled.get("datasource"), () -> "DataSource lookup on " + reconciled);
            }
        } else {
            assertTrue(thread.matches("playtcha-verifier-\\d+-ledger"), () -> "not the ledger's own thread: " + reconciled);
        }
    }

    /** Long-polls {@code /reconciled} for the next reconciliation the application heard. */
    static Map<String, String> awaitReconciliation(URL app) throws Exception {
        Reply reply = Http.get(app, "/reconciled?wait=20");
        assertEquals(200, reply.status(), () -> "no reconciliation within 20 s: " + reply);
        return reply.echo();
    }

    /** A directory of its own under {@code it.ledger-root}, for one scenario in one container run. */
    public static Path newLedgerDirectory(String scenario) {
        try {
            Path root = Files.createDirectories(Path.of(System.getProperty("it.ledger-root", "target/ledger")));
            return Files.createTempDirectory(root, Wars.CONTAINER + "-" + scenario + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertNoSecretIn(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(directory)) {
            files = listed.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            assertFalse(Files.readString(file).contains(Playtcha.simulator().secret()), "the secret is in " + file);
        }
    }

    private void deploy() {
        deployer.deploy(LEDGER);
        deployed = true;
    }

    private void undeploy() {
        deployed = false;
        deployer.undeploy(LEDGER);
    }
}
