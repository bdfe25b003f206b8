package com.playtcha.jakarta.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.net.http.HttpResponse;
import java.util.Map;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jersey finds the feature by itself ({@link JerseyDiscovery}): an application that registers nothing of
 * ours is guarded, also with Jersey's auto-discovery turned off, and one that lists the feature as well
 * verifies each token once (a single-use token would otherwise be refused by the second verify). The
 * settings come as an operator gives them without MicroProfile Config: system properties.
 */
class JerseyDiscoveryTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    private static JerseyOnJetty jersey;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("playtcha.secret", PLAYTCHA.simulator().secret());
        System.setProperty("playtcha.api-url", PLAYTCHA.simulator().url().toString());
        jersey = JerseyOnJetty.start(Map.of(
                "/nothing", new ResourceConfig(EchoResources.Methods.class),
                "/listed", new ResourceConfig(EchoResources.Methods.class, PlaytchaFeature.class),
                "/undiscovered", new ResourceConfig(EchoResources.Methods.class)
                        .property("jersey.config.disableAutoDiscovery", true)));
    }

    @AfterAll
    static void stop() throws Exception {
        jersey.close();
        System.clearProperty("playtcha.secret");
        System.clearProperty("playtcha.api-url");
    }

    @Test
    void nothingRegistered_aPostWithoutAToken_isRefused() throws Exception {
        HttpResponse<String> reply = jersey.send("POST", "/nothing/json", "{}", "Content-Type", "application/json",
                "Accept", "application/json");

        assertEquals(403, reply.statusCode(), reply::body);
        assertTrue(reply.body().contains("\"missing_token\""), reply::body);
    }

    @Test
    void nothingRegistered_aTokenPassesOnce_itsReplayIsRefused() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        HttpResponse<String> first = jersey.send("POST", "/nothing/json", "{}", "Content-Type", "application/json",
                "Playtcha-Token", token);
        HttpResponse<String> replay = jersey.send("POST", "/nothing/json", "{}", "Content-Type", "application/json",
                "Accept", "application/json", "Playtcha-Token", token);

        assertEquals(200, first.statusCode(), first::body);
        assertEquals(403, replay.statusCode(), replay::body);
        assertTrue(replay.body().contains("\"already_redeemed\""), replay::body);
    }

    @Test
    void featureListedToo_eachTokenIsVerifiedOnce() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        HttpResponse<String> reply = jersey.send("POST", "/listed/json", "{}", "Content-Type", "application/json",
                "Playtcha-Token", token);

        assertEquals(200, reply.statusCode(), reply::body);
        assertEquals(1, sim.callCount(token));
    }

    @Test
    void autoDiscoveryTurnedOff_stillGuarded() throws Exception {
        HttpResponse<String> reply = jersey.send("POST", "/undiscovered/json", "{}", "Content-Type", "application/json");

        assertEquals(403, reply.statusCode(), reply::body);
    }
}
