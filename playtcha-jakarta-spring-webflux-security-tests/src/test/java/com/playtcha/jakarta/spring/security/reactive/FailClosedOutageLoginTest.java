package com.playtcha.jakarta.spring.security.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.testing.Fault;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Playtcha hanging under a reactive login with {@code playtcha.fail-closed=true}: the login is refused 503 within the
 * timeout and the slack, the store not asked; and with Playtcha answering, the same login goes on.
 */
@SpringBootTest(classes = LoginApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"playtcha.login.require=always", "playtcha.fail-closed=true",
            "playtcha.timeout=" + OutageLoginTest.TIMEOUT_MILLIS + "ms", "playtcha.connect-timeout=1s"})
class FailClosedOutageLoginTest extends OnSimulator {

    @BeforeEach
    void warmUp() throws Exception {
        OutageLoginTest.warmUp(client());
    }

    @Test
    void playtchaHanging_aLoginIsRefused503_beforeTheStore() throws Exception {
        String token = playtcha().mintToken();
        playtcha().injectFor(token, Fault.hang());

        HttpResponse<String> login = OutageLoginTest.timed(() -> client().login("/api/login", "kim", "secret", token));

        assertEquals(503, login.statusCode(), login::body);
        assertEquals(0, Users.LOOKUPS.get());
        assertEquals("caller=kim", client().login("/api/login", "kim", "secret", playtcha().mintToken()).body());
    }
}
