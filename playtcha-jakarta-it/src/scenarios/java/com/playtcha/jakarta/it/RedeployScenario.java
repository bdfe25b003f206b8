package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http.Reply;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
 * Scenario 4: the same WAR deployed, used and undeployed several times. After each undeploy the
 * simulator must see every connection of the verifier's pool closed, and no thread of ours
 * ({@code playtcha-verifier-*}) may be left in the container's JVM; a probe WAR without the
 * library lists the threads.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class RedeployScenario {

    private static final int ROUNDS = 3;

    @ArquillianResource
    Deployer deployer;

    @ArquillianResource
    @OperateOnDeployment("probe")
    URL probe;

    @Deployment(name = "probe", testable = false)
    public static WebArchive probe() {
        return Wars.threadsProbe();
    }

    @Deployment(name = "redeploy", managed = false, testable = false)
    public static WebArchive redeployed() {
        PlaytchaSimulator sim = Playtcha.simulator();
        return Wars.withLibrary("redeploy").setWebXML(new StringAsset(Wars.webXml(
                Wars.filter("playtcha", "/guarded/*", Map.of("api-url", sim.url().toString(), "secret", sim.secret()))
                + Wars.echoServlet())))
                // The embedded Jetty's adapter picks a random context path; this fixes it to /redeploy
                // (Tomcat and WildFly take it from the WAR's name and ignore this file).
                .addAsWebInfResource(new StringAsset("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                        <Configure class="org.eclipse.jetty.ee10.webapp.WebAppContext">
                          <Set name="contextPath">/redeploy</Set>
                        </Configure>
                        """), "jetty-web.xml");
    }

    @Test
    void redeployingTheSameWar_leavesNoThreadsAndNoConnections() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        sim.reset();
        // Both WARs are in the same container: the application's URL is the probe's with another context.
        URL app = new URL(probe, "../redeploy/");
        for (int round = 1; round <= ROUNDS; round++) {
            deployer.deploy("redeploy");
            Reply reply = Http.post(app, "/guarded/signup", Http.JSON, sim.mintToken());
            assertEquals(200, reply.status(), "round " + round + ": " + reply);
            assertEquals("verified", reply.outcome(), "round " + round + ": " + reply);
            assertTrue(sim.openConnections() >= 1, "round " + round + ": the verifier's pooled connection is open");
            // The control: while the application runs, the probe does see its verifier's thread.
            assertFalse(verifierThreadsNow().isEmpty(), "round " + round + ": the probe sees no playtcha-verifier thread");

            deployer.undeploy("redeploy");

            assertTrue(sim.awaitOpenConnectionsAtMost(0, Duration.ofSeconds(10)),
                    "round " + round + ": connections left open after undeploy: " + sim.openConnections());
            assertEquals(List.of(), verifierThreads(Duration.ofSeconds(10)), "round " + round + ": threads left after undeploy");
        }
        assertEquals(ROUNDS, sim.callCount());
    }

    /** Our threads still alive in the container, after giving them up to {@code patience} to end. */
    private List<String> verifierThreads(Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<String> ours = verifierThreadsNow();
            if (ours.isEmpty() || System.nanoTime() > deadline) {
                return ours;
            }
            Thread.sleep(100);
        }
    }

    private List<String> verifierThreadsNow() throws Exception {
        Reply threads = Http.get(probe, "/threads");
        assertEquals(200, threads.status(), threads::toString);
        return Arrays.stream(threads.body().split("\n"))
                .filter(name -> name.startsWith("playtcha-verifier")).collect(Collectors.toList());
    }
}
