package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 6: a WAR whose PlaytchaFilter is misconfigured does not deploy, in every container, and
 * the failure names the filter and the key. WildFly (Undertow) starts filters on their first
 * request, so there only the library's start-up check can fail the deployment; without it the WAR
 * deployed and answered its first guarded request with a 500.
 *
 * <p>The containers are started with {@code -Dplaytcha.secret}, so "missing" is made the way an
 * application's own configuration would hide it: {@code microprofile-config.properties} with a
 * higher ordinal than system properties and an empty {@code playtcha.secret} (MicroProfile Config
 * 2.0: an empty value removes the property). That WAR carries SmallRye Config where the container
 * has no MicroProfile Config, so the check reads MicroProfile Config exactly as the filter would.
 *
 * <p>Where the message is found: WildFly puts the cause in the failed deployment operation's answer,
 * which the adapter throws; Tomcat's manager answers only "FAIL ... context failed to start", so
 * the message is read from Tomcat's log directory ({@code it.container.logs}). Filter names carry a
 * per-run suffix, as those logs outlive a run.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class MisconfiguredFilterScenario {

    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    @ArquillianResource
    Deployer deployer;

    @ArquillianResource
    @OperateOnDeployment("probe")
    URL probe;

    /** A working WAR: the container is up, and gives the base URL the failed WARs would have had. */
    @Deployment(name = "probe", testable = false)
    public static WebArchive probe() {
        return Wars.threadsProbe();
    }

    @Deployment(name = "no-secret", managed = false, testable = false)
    public static WebArchive noSecret() {
        WebArchive war = misconfigured("nosecret", "no-secret-" + RUN, Map.of("api-url", Playtcha.simulator().url().toString()))
                .addAsResource(new StringAsset("""
                        # Above system properties (400), which hold the container's playtcha.secret.
                        config_ordinal=500
                        playtcha.secret=
                        """), "META-INF/microprofile-config.properties");
        return Wars.APPLICATION_SERVER ? war : Wars.withMicroProfileConfig(war);
    }

    @Deployment(name = "bad-mode", managed = false, testable = false)
    public static WebArchive badMode() {
        return misconfigured("badmode", "bad-mode-" + RUN, Map.of("api-url", Playtcha.simulator().url().toString(),
                "mode", "strict"));
    }

    @Deployment(name = "verify-url", managed = false, testable = false)
    public static WebArchive verifyUrl() {
        return misconfigured("verifyurl", "verify-url-" + RUN, Map.of("api-url", Playtcha.simulator().verifyUrl().toString()));
    }

    private static WebArchive misconfigured(String context, String filterName, Map<String, String> initParams) {
        return Wars.withLibrary(context).setWebXML(new StringAsset(Wars.webXml(
                Wars.filter(filterName, "/guarded/*", initParams) + Wars.echoServlet())));
    }

    @Test
    void missingSecret_failsTheDeployment_namingTheFilterAndTheKey() throws Exception {
        assertDeploymentFails("no-secret", "nosecret",
                "PlaytchaFilter 'no-secret-" + RUN + "': playtcha.secret: required; set PLAYTCHA_SECRET");
    }

    @Test
    void badValue_failsTheDeployment_namingTheFilterAndTheKey() throws Exception {
        assertDeploymentFails("bad-mode", "badmode",
                "PlaytchaFilter 'bad-mode-" + RUN + "': playtcha.mode: must be enforce or observe; got 'strict'");
    }

    @Test
    void verifyUrlAsApiUrl_failsTheDeployment_namingTheBaseUrl() throws Exception {
        assertDeploymentFails("verify-url", "verifyurl", "PlaytchaFilter 'verify-url-" + RUN
                + "': playtcha.api-url: is the base URL, without /v1/verify (the verifier adds it); got '"
                + Playtcha.simulator().verifyUrl() + "', use '" + Playtcha.simulator().url() + "' instead");
    }

    private void assertDeploymentFails(String deployment, String context, String message) throws Exception {
        if (Wars.CONTAINER.equals("liberty")) {
            assertDeployedButNeverServedUnguarded(deployment, context, message);
            return;
        }
        Exception failure = assertThrows(Exception.class, () -> deployer.deploy(deployment),
                deployment + " deployed although its PlaytchaFilter is misconfigured");
        try {
            assertTrue(stackTrace(failure).contains(message) || logsShow(message), () -> "'" + message
                    + "' is neither in the deployment failure nor in the container's logs; the failure was:\n"
                    + stackTrace(failure));
            Reply reply = Http.post(new URL(probe, "../" + context + "/"), "/guarded/signup", Http.JSON,
                    Playtcha.simulator().mintToken());
            assertEquals(404, reply.status(), () -> "the failed WAR must not serve: " + reply);
        } finally {
            try {
                deployer.undeploy(deployment);
            } catch (RuntimeException notDeployed) {
                // Nothing was left deployed to remove.
            }
        }
    }

    /**
     * Open Liberty logs an exception from a {@code ServletContainerInitializer} (CWWWC0001W) and a
     * filter that fails its {@code init} (SRVE0321E) and starts the application all the same. What
     * must hold there: the log names the filter and the key, and no guarded request reaches the
     * application without the filter.
     */
    private void assertDeployedButNeverServedUnguarded(String deployment, String context, String message) throws Exception {
        deployer.deploy(deployment);
        try {
            assertTrue(logsShow(message), () -> "'" + message + "' is not in the container's logs");
            Reply reply = Http.post(new URL(probe, "../" + context + "/"), "/guarded/signup", Http.JSON,
                    Playtcha.simulator().mintToken());
            assertEquals(500, reply.status(), () -> "a guarded request must not reach the application: " + reply);
        } finally {
            deployer.undeploy(deployment);
        }
    }

    private static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /**
     * Whether the container's logs show the message within 10 s. Tomcat writes catalina.log through
     * an AsyncFileHandler, so a line logged during the failed deployment may reach the file after the
     * manager has answered: on a busy machine a single read raced it.
     */
    private static boolean logsShow(String message) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!containerLogs().contains(message)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100); // polls the files for a line the container's log thread has yet to write
        }
        return true;
    }

    /** Every log file of the container, when the build names their directory (Tomcat); else nothing. */
    private static String containerLogs() {
        String dir = System.getProperty("it.container.logs");
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            return "";
        }
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            return files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".txt")).map(f -> {
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
