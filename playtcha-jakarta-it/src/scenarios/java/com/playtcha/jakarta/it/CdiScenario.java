package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.it.Http.Reply;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 3: a CDI application. A servlet verifies by hand with {@code @Inject PlaytchaVerifier};
 * the filter, registered by {@code playtcha.url-patterns}, sets no verifier settings of its own and
 * so borrows the same verifier. Configuration as in {@link MicroProfileConfigScenario}. WildFly
 * runs it with its own CDI; Tomcat with Weld servlet (shaded) and SmallRye Config in the WAR.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class CdiScenario {

    /** By name: on the embedded Jetty the test JVM cannot load it (the library is not on its class path). */
    private static final String BY_HAND_SERVLET = "com.playtcha.jakarta.it.app.ByHandServlet";

    @ArquillianResource
    URL url;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        WebArchive war = Wars.withLibrary("cdi").addAsWebInfResource(Wars.testClass(BY_HAND_SERVLET),
                        "classes/" + BY_HAND_SERVLET.replace('.', '/') + ".class")
                // The Arquillian Jetty adapter loads parent-first, and this JVM has the servlet but not
                // the library: back to Jetty's own default (the WAR first), as a real Jetty deploys it.
                // Tomcat and WildFly ignore this file.
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
        // WildFly has CDI and MicroProfile Config; on Tomcat the application brings Weld and SmallRye Config.
        return Wars.APPLICATION_SERVER ? war : Wars.withWeld(Wars.withMicroProfileConfig(war));
    }

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @Test
    void injectedVerifier_verifiesByHand() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        String good = sim.mintToken();

        Reply verified = Http.post(url, "/by-hand", Http.JSON, good);
        Reply replayed = Http.post(url, "/by-hand", Http.JSON, good);

        assertEquals(200, verified.status(), verified::toString);
        assertEquals("Verified", verified.echo().get("result"), verified::toString);
        assertEquals("Rejected", replayed.echo().get("result"), replayed::toString);
        assertEquals("already_redeemed", replayed.echo().get("code"), replayed::toString);
        assertEquals(2, sim.callCount(good));
    }

    @Test
    void filterAndInjectedVerifier_shareOnePool() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        // Warm both up, so each side has made its pool (or shares one) before counting.
        Http.post(url, "/guarded/signup", Http.JSON, sim.mintToken());
        Http.post(url, "/by-hand", Http.JSON, sim.mintToken());
        long before = sim.connectionsOpened();

        Reply filtered = Http.post(url, "/guarded/signup", Http.JSON, sim.mintToken());
        Reply byHand = Http.post(url, "/by-hand", Http.JSON, sim.mintToken());
        Reply filteredAgain = Http.post(url, "/guarded/signup", Http.JSON, sim.mintToken());

        assertEquals("verified", filtered.outcome(), filtered::toString);
        assertEquals("Verified", byHand.echo().get("result"), byHand::toString);
        assertEquals("verified", filteredAgain.outcome(), filteredAgain::toString);
        // One pool with one kept-alive connection serves all three in turn; two pools would each
        // hold their own connection, and the warm-up opened them both.
        assertEquals(1, sim.openConnections(), "connections open: one pool, one connection");
        assertEquals(before, sim.connectionsOpened(), "no new connection: the warm connection was reused");
    }
}
