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
}
