package com.playtcha.jakarta.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.servlet.LoginHooks;
import org.junit.jupiter.api.Test;

/** The door repeats the login protocol's names (it shares no class with the library): they must be the library's. */
class ProtocolNamesTest {

    @Test
    void theDoorsNames_areTheLibrarys() {
        assertEquals(LoginHooks.GUARD, PlaytchaLoginHandler.GUARD);
        assertEquals(LoginHooks.HOOK, PlaytchaLoginHandler.HOOK);
        assertEquals(LoginHooks.DESCRIBE, PlaytchaLoginHandler.DESCRIBE);
        assertEquals(LoginHooks.ERROR_PAGE, PlaytchaLoginHandler.ERROR_PAGE);
        assertEquals(LoginHooks.REFUSAL_STATUS, PlaytchaLoginHandler.REFUSAL_STATUS);
        assertEquals(LoginHooks.REFUSAL_HEADERS, PlaytchaLoginHandler.REFUSAL_HEADERS);
        assertEquals(LoginHooks.REFUSAL_JSON, PlaytchaLoginHandler.REFUSAL_JSON);
        assertEquals(LoginHooks.REFUSAL_PAGE, PlaytchaLoginHandler.REFUSAL_PAGE);
        assertEquals(LoginHooks.OUTCOME, PlaytchaLoginHandler.OUTCOME);
        assertEquals(LoginHooks.OUTCOMES, PlaytchaLoginHandler.OUTCOMES);
    }

    @Test
    void theDoorsLoginActions_areTheLibrarys() {
        for (String uri : new String[] {"/app/j_security_check", "/app/j_security_check;jsessionid=1",
                "/j_security_check/", "/app/j%5Fsecurity%5Fcheck", "/a;x=1/j_security_check", "/app/j_security_check/more",
                "/app/j_security_check%3Fx", "/app/xj_security_check", "/app/j_security_check.html", "/app", "/",
                "/app/j_security_check%2Fx", "/app/j_security_check%"}) {
            assertEquals(LoginHooks.isLoginAction(uri), PlaytchaLoginHandler.isLoginAction(uri), uri);
        }
    }
}
