package com.playtcha.jakarta.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.servlet.LoginHooks;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The valve's side of the protocol, against the library's: the names, and which request URIs the
 * guard takes for a login post. What the valve does in Payara is {@code PayaraLoginIT}'s (module
 * playtcha-jakarta-it): it needs Payara's own request and pipeline.
 */
class PlaytchaLoginValveTest {

    @Test
    void theNames_areTheLibrarys() {
        assertEquals(LoginHooks.GUARD, PlaytchaLoginValve.GUARD);
        assertEquals(LoginHooks.HOOK, PlaytchaLoginValve.HOOK);
        assertEquals(LoginHooks.ERROR_PAGE, PlaytchaLoginValve.ERROR_PAGE);
        assertEquals("/" + LoginHooks.LOGIN_ACTION, PlaytchaLoginValve.FORM_ACTION);
        assertEquals(LoginHooks.OUTCOME, PlaytchaLoginValve.OUTCOME);
        assertEquals(LoginHooks.OUTCOMES, PlaytchaLoginValve.OUTCOMES);
    }

    @Test
    void loginActions_areWhatTheLibrarysGuardTakes() {
        List<String> uris = List.of("/app/j_security_check", "/app/j_security_check;jsessionid=1", "/j_security_check/",
                "/app/j%5Fsecurity%5Fcheck", "/a;x=1/j_security_check", "j_security_check", "/app/j_security_check/more",
                "/app/j_security_check%3Bx", "/app/xj_security_check", "/app/j_security_check.html", "/app", "/",
                "/app/j_security_check%", "/app/%2Fj_security_check");
        for (String uri : uris) {
            assertEquals(LoginHooks.isLoginAction(uri), PlaytchaLoginValve.isLoginAction(uri), uri);
        }
        assertTrue(PlaytchaLoginValve.isLoginAction("/app/j_security_check"));
        assertFalse(PlaytchaLoginValve.isLoginAction("/app/j_security_check%3Bx"));
        assertFalse(PlaytchaLoginValve.isLoginAction(null));
    }

    @Test
    void aVirtualServer_isGuarded_onceTheValveWasAddedToIt() {
        assertFalse(PlaytchaLoginValve.installedOn("no-such-virtual-server"));
        assertFalse(PlaytchaLoginValve.installedOn(null));
    }
}
