package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fault stays the size of the request that met it: without a secret, a login attempt fails,
 * naming the key, and every other request (the mechanism runs for all of them) goes on as if the
 * annotation were not there: the settings are not even read for it.
 */
class MisconfiguredLoginTest {

    /** No playtcha.secret. */
    @RegisterExtension
    static final GuardedMechanism APP = GuardedMechanism.serving(CountingMechanism.class)
            .settings(sim -> Map.of("playtcha.api-url", sim.url().toString()));

    @Test
    void withoutASecret_aLoginFailsNamingTheKey_andOtherRequestsGoOn() throws Exception {
        HttpResponse<String> page = APP.post("/orders", "user=alice");
        HttpResponse<String> login = APP.post("/api/login", "user=alice");

        assertEquals(200, page.statusCode(), page::body);
        assertEquals("status=NOT_DONE caller=null outcome=null spent=null", page.body());
        assertEquals(500, login.statusCode(), login::body);
        assertTrue(login.body().contains("playtcha.secret"), login::body);
    }
}
