package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http.Reply;
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
 * Scenario 2: no filter in web.xml; {@code META-INF/microprofile-config.properties} names the URL
 * patterns and the API URL, and the secret comes from the system property {@code playtcha.secret}
 * (the managed containers are started with it; the embedded Jetty shares the test JVM's). The
 * filter registers itself. Jetty and Tomcat get SmallRye Config in the WAR; WildFly has its own.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class MicroProfileConfigScenario {

    @ArquillianResource
    URL url;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        WebArchive war = Wars.withLibrary("mpconfig")
                .setWebXML(new StringAsset(Wars.webXml(Wars.echoServlet())))
                .addAsResource(new StringAsset("playtcha.url-patterns=/guarded/*,/contact\n"
                        + "playtcha.api-url=" + Playtcha.simulator().url() + "\n"), "META-INF/microprofile-config.properties");
        return Wars.APPLICATION_SERVER ? war : Wars.withMicroProfileConfig(war);
    }

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @Test
    void filterRegistersItself_andVerifiesWithTheSecretFromTheSystemProperty() throws Exception {
        String token = Playtcha.simulator().mintToken();

        Reply reply = Http.post(url, "/guarded/signup", Http.JSON, token);

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("verified", reply.outcome(), reply::toString);
        assertEquals(1, Playtcha.simulator().callCount(token));
    }

    @Test
    void everyListedPattern_isGuarded() throws Exception {
        Reply guarded = Http.post(url, "/guarded/signup", Http.JSON, null);
        Reply exact = Http.post(url, "/contact", Http.JSON, "ptk_default_forged");

        assertEquals(403, guarded.status(), guarded::toString);
        assertTrue(guarded.body().contains("\"missing_token\""), guarded::toString);
        assertEquals(403, exact.status(), exact::toString);
        assertTrue(exact.body().contains("\"token_invalid\""), exact::toString);
    }

    @Test
    void otherPaths_areNotGuarded() throws Exception {
        Reply reply = Http.post(url, "/elsewhere", Http.JSON, null);

        assertEquals(200, reply.status(), reply::toString);
        assertNull(reply.outcome(), reply::toString);
        assertEquals(0, Playtcha.simulator().callCount());
    }
}
