package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cdi.InMemoryConfig;
import com.playtcha.jakarta.cdi.PlaytchaVerifierProducer;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fault stays the size of the request that met it: without a secret, a login attempt fails,
 * naming the key, and every other request (the mechanism runs for all of them) goes on as if the
 * annotation were not there: the settings are not even read for it.
 */
@EnableWeld
class MisconfiguredLoginTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    /** No playtcha.secret. */
    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.of(PLAYTCHA, sim -> Map.of("playtcha.api-url", sim.url().toString()));

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
            .addBeanClasses(PlaytchaVerifierProducer.class, CountingMechanism.class)
            .addExtension(new PlaytchaSecurityExtension()))
            .build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void withoutASecret_aLoginFailsNamingTheKey_andOtherRequestsGoOn() throws Exception {
        try (SecurityRuntime runtime = new SecurityRuntime(weld.select(HttpAuthenticationMechanism.class).get())) {
            HttpResponse<String> page = http.send(post(runtime, "/orders"), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> login = http.send(post(runtime, "/api/login"), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, page.statusCode(), page::body);
            assertEquals("status=NOT_DONE caller=null outcome=null spent=null", page.body());
            assertEquals(500, login.statusCode(), login::body);
            assertTrue(login.body().contains("playtcha.secret"), login::body);
        }
    }

    private static HttpRequest post(SecurityRuntime runtime, String path) {
        return HttpRequest.newBuilder(runtime.uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=alice")).build();
    }
}
