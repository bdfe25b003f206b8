package com.playtcha.jakarta.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.Policy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the registration and forgot-password forms decide an unavailable Playtcha: closed, unless the operator said otherwise. */
class FormCheckTest {

    private static Policy policy(String... options) {
        Map<String, String> values = new HashMap<>(Map.of("secret", "s3cret"));
        for (int i = 0; i < options.length; i += 2) {
            values.put(options[i], options[i + 1]);
        }
        SpiSettings spi = SpiSettings.read(values::get);
        return FormCheck.policy(spi, spi.settings(null));
    }

    @Test
    void noFailClosedOption_failsClosed() {
        assertEquals(new Policy(Mode.ENFORCE, FailMode.CLOSED, 403), policy());
    }

    @Test
    void failClosedFalse_givenByTheOperator_failsOpen() {
        assertEquals(FailMode.OPEN, policy("fail-closed", "false").failMode());
        assertEquals(FailMode.CLOSED, policy("fail-closed", "true").failMode());
    }

    @Test
    void theModeAndRejectStatus_areTheOperators() {
        assertEquals(new Policy(Mode.OBSERVE, FailMode.CLOSED, 422), policy("mode", "observe", "reject-status", "422"));
    }
}
