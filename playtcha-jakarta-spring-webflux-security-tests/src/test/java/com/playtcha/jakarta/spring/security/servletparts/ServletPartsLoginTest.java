package com.playtcha.jakarta.spring.security.servletparts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.WithSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.spring.testkit.Browser;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue 84, item 5: in a reactive application, servlet password parts used through {@code ReactiveAuthenticationManagerAdapter}
 * are held too; their checks run on threads no exchange is bound to, so they are decided as checks outside any request:
 * refused under {@code always} (no request can carry a token there), counted on their account under
 * {@code after-failures}. Failed on 49c308dd: the servlet guard was off in a reactive application and the reactive one
 * held only reactive beans, so 10 of 10 tokenless guesses were judged in both modes.
 */
@WithSimulator
class ServletPartsLoginTest {

    private static final PlaytchaSimulator PLAYTCHA = SpringSimulator.simulator();

    /** A JSON login at {@code path}, a fresh valid token in its header (none can reach the thread the check runs on). */
    static HttpResponse<String> login(Browser browser, String path, String user, String password) throws Exception {
        return browser.login(path, user, password, PLAYTCHA.mintToken());
    }

    @Nested
    @SpringBootTest(classes = ServletPartsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "playtcha.login.require=always")
    class Always {
        @Value("${local.server.port}")
        int port;

        @Test
        void aServletManagerThroughTheAdapter_judgesNoGuess() throws Exception {
            Browser browser = new Browser(port);
            int before = ServletPartsApplication.LOOKUPS.get();
            for (int i = 0; i < 10; i++) {
                String password = i == 9 ? "secret" : "guess" + i;
                assertEquals("PlaytchaLoginException", login(browser, "/api/manager", "sam", password).body());
                assertEquals("PlaytchaLoginException", login(browser, "/api/store", "sue", password).body());
            }
            assertEquals(before, ServletPartsApplication.LOOKUPS.get(), "no guess reached the store");
        }
    }

    @Nested
    @SpringBootTest(classes = ServletPartsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "playtcha.login.require=after-failures")
    class AfterFailures {
        @Value("${local.server.port}")
        int port;

        @Test
        void aServletManagerThroughTheAdapter_isCountedOnItsAccount() throws Exception {
            Browser browser = new Browser(port);
            for (String path : new String[] {"/api/manager", "/api/store"}) {
                String user = path.endsWith("manager") ? "tom" : "una";
                for (int i = 1; i <= 3; i++) {
                    assertEquals("BadCredentialsException", login(browser, path, user, "guess" + i).body(), path);
                }
                int before = ServletPartsApplication.LOOKUPS.get();
                for (int i = 0; i < 10; i++) {
                    assertEquals("PlaytchaLoginException", login(browser, path, user, i == 9 ? "secret" : "guess").body(), path);
                }
                assertEquals(before, ServletPartsApplication.LOOKUPS.get(), "nothing judged at the limit");
            }
        }
    }
}
