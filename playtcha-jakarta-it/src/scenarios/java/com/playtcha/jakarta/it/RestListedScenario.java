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
 * Scenario: a Jakarta REST application whose {@code Application} lists its classes and not {@code PlaytchaFeature},
 * which turns the runtime's scanning off. The REST jar's {@code META-INF/services/jakarta.ws.rs.ext.Providers}
 * (RESTEasy's list of providers a jar brings) registers the feature all the same: the annotated resource is guarded,
 * each token verified once. Runs where the runtime is RESTEasy (WildFly).
 */
@ExtendWith(ArquillianExtension.class)
public abstract class RestListedScenario {

    @ArquillianResource
    URL url;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Wars.withClassesByName(Wars.withRest(Wars.withLibrary("rest-listed")),
                        "com.playtcha.jakarta.it.app.ListingRestApplication", "com.playtcha.jakarta.it.app.RestSignupResource")
                .setWebXML(new StringAsset(Wars.webXml(Wars.echoServlet())))
                .addAsResource(new StringAsset("playtcha.api-url=" + Playtcha.simulator().url() + "\n"),
                        "META-INF/microprofile-config.properties");
    }

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @Test
    void aPostWithoutAToken_isRefused() throws Exception {
        Reply missing = Http.post(url, "/api/signup", Http.JSON, null);

        assertEquals(403, missing.status(), missing::toString);
        assertEquals("{\"error\":{\"code\":\"missing_token\",\"message\":\"The request carries no captcha token.\"}}",
                missing.body());
    }

    @Test
    void aToken_isVerifiedOnce_andPasses() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        String token = sim.mintToken();

        Reply reply = Http.post(url, "/api/signup", Http.JSON, token);

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("verified", reply.outcome(), reply::toString);
        assertEquals(1, sim.callCount(token));
    }
}
