package com.playtcha.jakarta.it.jetty;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.Http.Reply;
import com.playtcha.jakarta.it.ObservabilityScenario;
import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.Wars;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * {@link ObservabilityScenario} in an embedded Jetty 12.0 with Weld servlet, SmallRye Config, SmallRye
 * Health 4.3.0 and the OpenTelemetry SDK 1.48.0 in the WAR: the readiness report at /health/ready
 * (a servlet around SmallRye Health's reporter), the metrics from an in-memory reader at /metrics.
 */
class JettyObservabilityIT extends ObservabilityScenario {

    private static final String TELEMETRY = "com.playtcha.jakarta.it.app.InMemoryTelemetry";
    private static final String READINESS = "com.playtcha.jakarta.it.app.ReadinessServlet";

    @Deployment(testable = false)
    public static WebArchive deployment() {
        WebArchive war = Wars.withClassesByName(Wars.withLibrary("observability"), TELEMETRY, READINESS)
                .addAsWebInfResource(new StringAsset("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                        <Configure class="org.eclipse.jetty.ee10.webapp.WebAppContext">
                          <Set name="parentLoaderPriority">false</Set>
                        </Configure>
                        """), "jetty-web.xml")
                .setWebXML(new StringAsset(Wars.webXml(Wars.echoServlet())))
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" "
                        + "bean-discovery-mode=\"annotated\"/>\n"), "beans.xml")
                .addAsResource(new StringAsset("playtcha.url-patterns=/guarded/*\n"
                        + "playtcha.api-url=" + Playtcha.simulator().url() + "\n"), "META-INF/microprofile-config.properties");
        return Wars.withObservability(Wars.withWeld(Wars.withMicroProfileConfig(war)));
    }

    @Override
    protected Reply readiness() throws Exception {
        return Http.get(url, "/health/ready");
    }

    @Override
    protected String metrics(String name) throws Exception {
        return Http.get(url, "/metrics").body(); // the in-memory reader collects on request: no wait
    }
}
