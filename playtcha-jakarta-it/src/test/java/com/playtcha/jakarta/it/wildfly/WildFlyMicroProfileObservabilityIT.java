package com.playtcha.jakarta.it.wildfly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.Http.Reply;
import com.playtcha.jakarta.it.ObservabilityScenario;
import com.playtcha.jakarta.it.OtlpReceiver;
import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.Wars;
import java.net.URL;
import java.time.Duration;
import java.util.Objects;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.arquillian.setup.SnapshotServerSetupTask;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ObservabilityScenario} in WildFly 39 with MicroProfile Health and Telemetry, the subsystems
 * {@code standalone-microprofile.xml} has and the default {@code standalone.xml} lacks, added for this class
 * ({@link MicroProfileObservability}; the default configuration is back after it, for the other classes of
 * the run). The WAR holds only the library; the readiness report is WildFly's own, {@code /health/ready} on
 * the management port; the metrics go through MicroProfile Telemetry's OTLP exporter (http/protobuf, every
 * 500 ms) to a receiver this test runs, configured by the application's MicroProfile Config.
 *
 * <p>Here also: a second application whose settings the verifier cannot be built from turns that
 * report DOWN ({@code invalid_settings}, naming the key), the one case where readiness goes DOWN. It
 * deploys (it declares no filter, so nothing checks its settings at start-up; it only injects the
 * verifier) and is undeployed at once, as WildFly's report covers every deployment.
 */
@ServerSetup(WildFlyMicroProfileObservabilityIT.MicroProfileObservability.class)
class WildFlyMicroProfileObservabilityIT extends ObservabilityScenario {

    private static final OtlpReceiver OTLP = OtlpReceiver.start();

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Wars.withLibrary("observability")
                .setWebXML(new StringAsset(Wars.webXml(Wars.echoServlet())))
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" "
                        + "bean-discovery-mode=\"annotated\"/>\n"), "beans.xml")
                .addAsResource(new StringAsset("playtcha.url-patterns=/guarded/*\n"
                        + "playtcha.api-url=" + Playtcha.simulator().url() + "\n"
                        + "playtcha.ledger.capacity=" + LEDGER_CAPACITY + "\n"
                        + "otel.sdk.disabled=false\n"
                        + "otel.metrics.exporter=otlp\n"
                        + "otel.traces.exporter=none\n"
                        + "otel.logs.exporter=none\n"
                        + "otel.exporter.otlp.protocol=http/protobuf\n"
                        + "otel.exporter.otlp.endpoint=" + OTLP.endpoint() + "\n"
                        + "otel.metric.export.interval=500\n"), "META-INF/microprofile-config.properties");
    }

    /** No filter, the verifier injected only (here by the readiness check), and a mode that does not exist. */
    @Deployment(name = "invalid-settings", managed = false, testable = false)
    public static WebArchive invalidSettings() {
        return Wars.withLibrary("invalid-settings")
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" "
                        + "bean-discovery-mode=\"annotated\"/>\n"), "beans.xml")
                .addAsResource(new StringAsset("playtcha.api-url=" + Playtcha.simulator().url() + "\n"
                        + "playtcha.mode=strict\n"), "META-INF/microprofile-config.properties");
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void readinessDown_whileADeployedVerifierCannotBeBuilt_namingTheKey() throws Exception {
        assertEquals(200, readiness().status(), "before: " + readiness());
        deployer.deploy("invalid-settings");
        try {
            Reply down = readiness();
            assertEquals(503, down.status(), down::toString);
            assertTrue(down.body().contains("\"fault\":\"invalid_settings\"")
                    && down.body().contains("\"setting\":\"playtcha.mode\""), down::toString);
        } finally {
            deployer.undeploy("invalid-settings");
        }
        assertEquals(200, readiness().status(), "after: " + readiness());
    }

    @AfterAll
    static void stopReceiver() {
        OTLP.close();
    }

    @Override
    protected Reply readiness() throws Exception {
        String port = Objects.requireNonNull(System.getProperty("it.port.management"), "it.port.management (ContainerStarts)");
        return Http.get(new URL("http://127.0.0.1:" + port + "/"), "/health/ready");
    }

    @Override
    protected String metrics(String name) throws Exception {
        return OTLP.awaitContaining(name, Duration.ofSeconds(30));
    }

    /**
     * {@code standalone-microprofile.xml}'s Health and Telemetry, added to the running server as its CLI would:
     * each extension and its subsystem, Health with that file's attributes (no security on the endpoint, UP
     * while no check is deployed), then a reload; the snapshot taken before is reloaded after the class. One
     * WildFly start fewer than a run of its own on that file, whose other subsystems (messaging, fault
     * tolerance, OpenAPI) the library does not touch.
     */
    public static class MicroProfileObservability extends SnapshotServerSetupTask {

        @Override
        protected void doSetup(ManagementClient management, String container) throws Exception {
            ModelControllerClient client = management.getControllerClient();
            add(client, "org.wildfly.extension.microprofile.health-smallrye", "microprofile-health-smallrye",
                    "security-enabled", false, "empty-liveness-checks-status", "UP", "empty-readiness-checks-status", "UP",
                    "empty-startup-checks-status", "UP");
            add(client, "org.wildfly.extension.opentelemetry", "opentelemetry");
            add(client, "org.wildfly.extension.microprofile.telemetry", "microprofile-telemetry");
        }

        /** The reload and the snapshot's restore may wait for a busy machine. */
        @Override
        protected long timeout() {
            return 120;
        }

        private static void add(ModelControllerClient client, String extension, String subsystem, Object... attributes)
                throws Exception {
            execute(client, Operations.createAddOperation(Operations.createAddress("extension", extension)));
            ModelNode add = Operations.createAddOperation(Operations.createAddress("subsystem", subsystem));
            for (int i = 0; i < attributes.length; i += 2) {
                Object value = attributes[i + 1];
                add.get((String) attributes[i]).set(value instanceof Boolean b ? new ModelNode(b) : new ModelNode(value.toString()));
            }
            execute(client, add);
        }

        private static void execute(ModelControllerClient client, ModelNode operation) throws Exception {
            ModelNode outcome = client.execute(operation);
            if (!Operations.isSuccessfulOutcome(outcome)) {
                throw new IllegalStateException(operation + " failed: " + Operations.getFailureDescription(outcome));
            }
        }
    }
}
