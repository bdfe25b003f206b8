package com.playtcha.jakarta.it.wildflymp;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.Http.Reply;
import com.playtcha.jakarta.it.ObservabilityScenario;
import com.playtcha.jakarta.it.OtlpReceiver;
import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.Wars;
import java.net.URL;
import java.time.Duration;
import java.util.Objects;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link ObservabilityScenario} in WildFly 39 with its MicroProfile configuration
 * ({@code standalone-microprofile.xml}: MicroProfile Health and Telemetry built in). The WAR holds
 * only the library; the readiness report is WildFly's own, {@code /health/ready} on the management
 * port; the metrics go through MicroProfile Telemetry's OTLP exporter (http/protobuf, every 500 ms) to
 * a receiver this test runs, configured by the application's MicroProfile Config.
 */
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
                        + "otel.sdk.disabled=false\n"
                        + "otel.metrics.exporter=otlp\n"
                        + "otel.traces.exporter=none\n"
                        + "otel.logs.exporter=none\n"
                        + "otel.exporter.otlp.protocol=http/protobuf\n"
                        + "otel.exporter.otlp.endpoint=" + OTLP.endpoint() + "\n"
                        + "otel.metric.export.interval=500\n"), "META-INF/microprofile-config.properties");
    }

    @AfterAll
    static void stopReceiver() {
        OTLP.close();
    }

    @Override
    protected Reply readiness() throws Exception {
        String port = Objects.requireNonNull(System.getProperty("it.wildfly.management.http.port"), "it.wildfly.management.http.port");
        return Http.get(new URL("http://127.0.0.1:" + port + "/"), "/health/ready");
    }

    @Override
    protected String metrics(String name) throws Exception {
        return OTLP.awaitContaining(name, Duration.ofSeconds(30));
    }
}
