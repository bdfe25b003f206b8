package com.playtcha.jakarta.it.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.FormLoginScenario.Browser;
import com.playtcha.jakarta.it.FormLoginScenario.Reply;
import com.playtcha.jakarta.it.Wars;
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
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The login WAR of {@link TomcatLoginIT} without the {@code <Valve>} line, in real Tomcat 10.1 and
 * 11.0: its PlaytchaFilter names {@code /j_security_check}, which Tomcat's authenticator would take
 * before the filter, so the library fails the deployment and says what to add, instead of letting the
 * login go unguarded.
 *
 * <p>Read as {@code MisconfiguredFilterScenario} reads a failed deployment: Tomcat's manager answers
 * only "FAIL", so the message is looked for in Tomcat's log directory ({@code it.container.logs}); the
 * filter's name carries a per-run suffix, as those logs outlive a run.
 */
@ExtendWith(ArquillianExtension.class)
class TomcatLoginHookMissingIT {

    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    @ArquillianResource
    Deployer deployer;

    @ArquillianResource
    @OperateOnDeployment("probe")
    URL probe;

    /** A working WAR: the container is up, and gives the base URL the failed WAR would have had. */
    @Deployment(name = "probe", testable = false)
    static WebArchive probe() {
        return Wars.threadsProbe();
    }

    @Deployment(name = "no-valve", managed = false, testable = false)
    static WebArchive withoutTheValve() {
        return TomcatLogin.war("unhooked-login", "login-guard-" + RUN, false, Map.of());
    }

    @Test
    void mappingOntoTheLoginPost_withoutTheValve_failsDeployment_sayingWhatToAdd() throws Exception {
        String filter = "PlaytchaFilter 'login-guard-" + RUN + "' is mapped onto the login post (/j_security_check)";
        String whatToAdd = "Add: the playtcha-jakarta-tomcat jar to $CATALINA_BASE/lib, and " + TomcatLogin.VALVE
                + " to the application's META-INF/context.xml.";
        Exception failure = assertThrows(Exception.class, () -> deployer.deploy("no-valve"),
                "deployed although the login it maps cannot be guarded");
        try {
            assertTrue(logsShow(filter + ", but Apache Tomcat/") && logsShow(whatToAdd), () -> "'" + filter + "' and '"
                    + whatToAdd + "' are not in the container's logs; the failure was:\n" + stackTrace(failure));
            Reply login = new Browser(new URL(probe, "../unhooked-login/")).get("login");
            assertEquals(404, login.status(), () -> "the failed WAR must not serve: " + login);
        } finally {
            try {
                deployer.undeploy("no-valve");
            } catch (RuntimeException notDeployed) {
                // Nothing was left deployed to remove.
            }
        }
    }

    private static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** Whether Tomcat's logs show the text within 10 s (catalina.log is written by an asynchronous handler). */
    private static boolean logsShow(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!containerLogs().contains(text)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100); // polls the files for a line Tomcat's log thread has yet to write
        }
        return true;
    }

    private static String containerLogs() {
        Path dir = Path.of(System.getProperty("it.container.logs", "none"));
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".txt")).map(f -> {
                try {
                    return Files.readString(f, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
