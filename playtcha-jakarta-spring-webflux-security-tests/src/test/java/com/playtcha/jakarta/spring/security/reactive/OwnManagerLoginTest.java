package com.playtcha.jakarta.spring.security.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spring.testkit.Browser;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * An attacker at a {@code formLogin()} or {@code httpBasic()} given a manager of its own that asks no store bean, under
 * {@code playtcha.login.require=always}: a lambda that compares the password itself ({@code /own-basic/**},
 * {@code /own-form/**}) and Spring's user-store manager over a store that is no bean ({@code /own-store/**}). The login
 * is decided where Spring's filter has read its credentials, before any manager runs: ten tokenless guesses reach the
 * manager no time and are refused as any refused login (401, back to the form's {@code ?error}), a valid token logs in
 * once, and its replay is refused. Logins on guarded managers still verify their token once. Failed before the up-front
 * decision: every tokenless guess reached the manager, and the right password logged in without a token.
 */
@SpringBootTest(classes = LoginApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "playtcha.login.require=always")
class OwnManagerLoginTest extends OnSimulator {

    @Test
    void tenTokenlessGuesses_atLoginsOnManagersOfTheirOwn_reachNoManager() throws Exception {
        for (int i = 0; i < 10; i++) {
            String password = i == 9 ? "secret" : "guess" + i;
            HttpResponse<String> basic = client().basic("/own-basic/whoami", "owen", password, null);
            assertEquals(401, basic.statusCode(), basic::body);
            assertEquals("true", Browser.header(basic, "Playtcha-Login-Needs-Token"));
            HttpResponse<String> form = client().formLogin("/own-form/login", "owen", password, null);
            assertEquals(302, form.statusCode(), form::body);
            assertTrue(Browser.header(form, "Location").endsWith("/own-form/login?error"), form::toString);
            assertEquals("true", Browser.header(form, "Playtcha-Login-Needs-Token"));
            HttpResponse<String> store = client().basic("/own-store/whoami", "owen", password, null);
            assertEquals(401, store.statusCode(), store::body);
            assertEquals("true", Browser.header(store, "Playtcha-Login-Needs-Token"));
        }
        assertEquals(0, LoginApplication.OWN_CHECKS.get(), "no guess reached a manager or store of the application's own");
    }

    @Test
    void withAToken_eachLogsIn_itsManagerCalledOnce_theTokenVerifiedOnce() throws Exception {
        String basic = playtcha().mintToken();
        assertEquals("caller=olive", client().basic("/own-basic/whoami", "olive", "secret", basic).body());
        Browser browser = client();
        String form = playtcha().mintToken();
        HttpResponse<String> login = browser.formLogin("/own-form/login", "olive", "secret", form);
        assertEquals("/", Browser.header(login, "Location"), login::toString);
        assertEquals("caller=olive", browser.get("/own-form/whoami").body());
        String store = playtcha().mintToken();
        assertEquals("caller=olive", client().basic("/own-store/whoami", "olive", "secret", store).body());

        assertEquals(3, LoginApplication.OWN_CHECKS.get(), "each login's manager once");
        assertEquals(1, playtcha().callCount(basic));
        assertEquals(1, playtcha().callCount(form));
        assertEquals(1, playtcha().callCount(store));
    }

    @Test
    void aReplayedToken_isRefusedBeforeTheManager() throws Exception {
        String token = playtcha().mintToken();
        assertEquals("caller=oscar", client().basic("/own-basic/whoami", "oscar", "secret", token).body());

        HttpResponse<String> basic = client().basic("/own-basic/whoami", "oscar", "secret", token);
        HttpResponse<String> form = client().formLogin("/own-form/login", "oscar", "secret", token);
        HttpResponse<String> store = client().basic("/own-store/whoami", "oscar", "secret", token);

        assertEquals(401, basic.statusCode(), basic::body);
        assertEquals("true", Browser.header(basic, "Playtcha-Token-Spent"), "reset the widget");
        assertTrue(Browser.header(form, "Location").endsWith("/own-form/login?error"), form::toString);
        assertEquals(401, store.statusCode(), store::body);
        assertEquals(1, LoginApplication.OWN_CHECKS.get(), "the login the token covered, not its replays");
    }

    /** Logins on managers the guard holds: decided up front too, the guarded manager deciding nothing again. */
    @Test
    void loginsOnGuardedManagers_verifyTheirTokenOnce() throws Exception {
        String basic = playtcha().mintToken();
        assertEquals("caller=ivan", client().basic("/whoami", "ivan", "secret", basic).body());
        String spec = playtcha().mintToken();
        assertEquals("caller=ivan", client().basic("/spec/whoami", "ivan", "secret", spec).body());
        Browser browser = client();
        String form = playtcha().mintToken();
        assertEquals("/", Browser.header(browser.formLogin("/login", "ivan", "secret", form), "Location"));

        assertEquals(1, playtcha().callCount(basic));
        assertEquals(1, playtcha().callCount(spec));
        assertEquals(1, playtcha().callCount(form));
        assertEquals(3, Users.LOOKUPS.get());
    }
}
